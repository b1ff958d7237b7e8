import { DAY_MS, type Period } from '../../lib/period.js';
import { MODEL_STATUSES, type ModelStatus } from '../evaluation/index.js';
import { headlineValue } from '../fleet/index.js';
import { WORST_FIRST, type EvaluationDay } from './evidence.schemas.js';
import type { EvaluationRow } from './evidence.store.js';

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** Every UTC day that [from, to) touches, oldest first. */
export function daysOf({ from, to }: Period): string[] {
  const days: string[] = [];
  const last = dayOf(new Date(to.getTime() - 1));
  for (let t = Date.parse(dayOf(from)); ; t += DAY_MS) {
    const day = dayOf(new Date(t));
    days.push(day);
    if (day >= last) return days;
  }
}

function summarise(day: string, window: string, rows: readonly EvaluationRow[]): EvaluationDay {
  const byStatus = Object.fromEntries(MODEL_STATUSES.map((s) => [s, 0])) as Record<ModelStatus, number>;
  const drifted = new Set<string>();
  const values: number[] = [];
  let metric: string | null = null;
  let maxDrifted: number | null = null;
  for (const row of rows) {
    byStatus[row.status]++;
    for (const name of row.drifted) drifted.add(name);
    if (row.driftedFeatures !== null) maxDrifted = Math.max(maxDrifted ?? 0, row.driftedFeatures);
    const headline = headlineValue(row.headline, row.labelled);
    if (headline) {
      metric = headline.metric;
      values.push(headline.value);
    }
  }
  return {
    day,
    window,
    evaluations: rows.length,
    byStatus,
    worstStatus: WORST_FIRST.find((s) => byStatus[s] > 0) ?? null,
    maxDriftedFeatures: maxDrifted,
    driftedFeatures: [...drifted].sort(),
    headline:
      metric === null
        ? null
        : {
            metric,
            evaluations: values.length,
            min: Math.min(...values),
            mean: values.reduce((s, v) => s + v, 0) / values.length,
            max: Math.max(...values),
          },
  };
}

/**
 * The evaluation history per UTC day of the period (by window end) and per window: how many, how
 * many of each status, the worst, the features judged drifted, and the headline's range. Days
 * without evaluations are listed too: a gap in monitoring is evidence as well.
 */
export function evaluationDays(
  rows: readonly EvaluationRow[],
  windows: readonly string[],
  period: Period,
): EvaluationDay[] {
  const groups = new Map<string, EvaluationRow[]>();
  for (const row of rows) {
    const key = `${dayOf(row.windowEnd)} ${row.window}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return daysOf(period).flatMap((day) =>
    windows.map((w) => summarise(day, w, groups.get(`${day} ${w}`) ?? [])),
  );
}
