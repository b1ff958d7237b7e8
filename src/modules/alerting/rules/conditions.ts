import { effectiveAlpha } from '../../../stats/drift/budget.js';
import type { EvaluationSnapshot } from '../engine/evaluation-snapshot.js';
import type { Comparator, Condition } from './rules.schemas.js';

/** One value a rule reads from an evaluation; per-feature conditions give one per feature. */
export interface Observation {
  feature: string | null;
  value: number | null;
}

/** What an observation means for the alert: see lifecycle.ts. */
export type Reading = 'breach' | 'ok' | 'clear' | 'no_data';

type Drift = EvaluationSnapshot['features'][number] | NonNullable<EvaluationSnapshot['predictionDrift']>;

/**
 * 1 drifted, 0 not, null without a verdict. At a rule's own level: a large effect whose noise
 * p-value is below it; else the verdict as evaluated.
 */
function verdict(d: Drift, level: number | null): number | null {
  if (level === null || d.practical === null || d.noisePValue === null) {
    return d.drifted === null ? null : d.drifted ? 1 : 0;
  }
  return d.practical && d.noisePValue < level ? 1 : 0;
}

/** How a rule with its own alarm budget spends it (docs/statistics.md#alarm-budget). */
export interface RuleBudget {
  alarmBudget?: number | undefined;
  /** How often each window is evaluated. */
  intervalSeconds: number;
}

function levelOf(budget: RuleBudget | undefined, verdicts: number, s: EvaluationSnapshot): number | null {
  if (budget?.alarmBudget === undefined || s.windowSeconds === null) return null;
  const schedule = { windowSeconds: s.windowSeconds, everySeconds: budget.intervalSeconds };
  return effectiveAlpha(budget.alarmBudget, verdicts, [schedule]);
}

function wanted<T extends { name: string }>(items: readonly T[], names: readonly string[] | undefined): T[] {
  return names === undefined ? [...items] : items.filter((item) => names.includes(item.name));
}

/** The values a condition reads from an evaluation. Pure. */
export function observe(condition: Condition, s: EvaluationSnapshot, budget?: RuleBudget): Observation[] {
  switch (condition.kind) {
    case 'feature_drift': {
      const features = wanted(s.features, condition.features);
      const level = levelOf(budget, features.length, s);
      return features.map((f) => ({
        feature: f.name,
        value: condition.measure === 'verdict' ? verdict(f, level) : f.score,
      }));
    }
    case 'dataset_drift_share':
      return [{ feature: null, value: s.datasetDriftShare }];
    case 'prediction_drift':
    case 'multivariate_drift': {
      const p = condition.kind === 'prediction_drift' ? s.predictionDrift : s.multivariateDrift;
      const level = levelOf(budget, 1, s);
      const value = p === null ? null : condition.measure === 'verdict' ? verdict(p, level) : p.score;
      return [{ feature: null, value }];
    }
    case 'performance':
      return [{ feature: null, value: performanceValue(condition, s) }];
    case 'label_coverage':
      return [{ feature: null, value: s.labelCoverage }];
    case 'quality': {
      const field = QUALITY_FIELDS[condition.measure];
      return wanted(s.quality, condition.features).map((q) => ({ feature: q.name, value: q[field] }));
    }
    case 'volume_drop': {
      const { events, expected } = s.volume;
      return [{ feature: null, value: expected === null || expected === 0 ? null : 1 - events / expected }];
    }
    case 'silent_model':
      return [{ feature: null, value: s.status === 'unknown' ? null : s.status === 'silent' ? 1 : 0 }];
  }
}

const QUALITY_FIELDS = {
  missing: 'missingShare',
  out_of_range: 'outOfRangeShare',
  unseen_category: 'unseenCategoryShare',
} as const;

function performanceValue(c: Extract<Condition, { kind: 'performance' }>, s: EvaluationSnapshot) {
  const current = s.performance[c.source]?.[c.metric] ?? null;
  if (c.relativeTo === 'none' || current === null) return current;
  const reference = s.performance.reference?.[c.source]?.[c.metric] ?? null;
  return reference === null ? null : reference - current;
}

export function breaches(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/**
 * Breach, or OK; an OK value beyond the threshold by at least `margin` on the safe side is
 * "clear", which resolves a firing alert at once. Without a margin there is no "clear".
 */
export function read(
  value: number | null,
  rule: { comparator: Comparator; threshold: number; margin?: number | undefined },
): Reading {
  if (value === null || !Number.isFinite(value)) return 'no_data';
  if (breaches(value, rule.comparator, rule.threshold)) return 'breach';
  if (rule.margin === undefined) return 'ok';
  const above = rule.comparator === '>' || rule.comparator === '>=';
  const distance = above ? rule.threshold - value : value - rule.threshold;
  // A margin of 0.05 from 0.8 must accept 0.85, which 0.8 + 0.05 (0.8500000000000001) would not.
  const slack = 1e-9 * Math.max(1, Math.abs(rule.threshold), rule.margin);
  return distance >= rule.margin - slack ? 'clear' : 'ok';
}
