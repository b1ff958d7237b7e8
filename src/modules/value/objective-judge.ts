import { realizedPerformance, type PerformanceSummary } from '../../stats/performance/realized.js';
import type { ValueSum } from '../../stats/summaries/value-sum.js';
import { MIN_JUDGED } from '../evaluation/index.js';
import { directionOf, VALUE_METRIC, type ValueObjective } from '../../domain/value-objective.js';

/** What a judgement reads: the objective's window from tiles (labelled pairs and values only). */
export interface ObjectiveWindow {
  events: number;
  performance: PerformanceSummary;
  value: ValueSum;
}

export interface ObjectiveJudgement {
  observed: number | null;
  /** Null when there was not enough evidence to judge. */
  met: boolean | null;
  labelled: number;
  valued: number;
  valueSum: number;
  reason: string;
}

/** For the reason: totals to the cent, metrics to 4 significant digits. */
const show = (x: number) => String(Math.abs(x) >= 1 ? Math.round(x * 100) / 100 : Number(x.toPrecision(4)));

/**
 * Whether a model met its value objective over a window (docs/kpis.md#value). A realized metric
 * is judged on at least MIN_JUDGED labelled predictions, as the status is; the value total on at
 * least one outcome that carried a value. Otherwise `met` is null and the reason says what is
 * missing, so "no evidence" is never counted as delivering value, nor as failing to.
 */
export function judgeObjective(objective: ValueObjective, w: ObjectiveWindow): ObjectiveJudgement {
  const labelled = w.performance.labelled;
  const base = { labelled, valued: w.value.count, valueSum: w.value.sum };
  const over = `over the last ${objective.window}`;
  let observed: number | null;
  if (objective.metric === VALUE_METRIC) {
    if (w.value.count === 0)
      return { ...base, observed: null, met: null, reason: `no outcome carried a value ${over}` };
    observed = w.value.sum;
  } else {
    if (labelled < MIN_JUDGED) {
      return {
        ...base,
        observed: null,
        met: null,
        reason: `${labelled} labelled predictions ${over} (${MIN_JUDGED} needed to judge ${objective.metric})`,
      };
    }
    const { metrics } = realizedPerformance(w.performance, Math.max(w.events, labelled));
    observed = (metrics as Record<string, number | null>)[objective.metric] ?? null;
    if (observed === null) {
      return {
        ...base,
        observed,
        met: null,
        reason: `${objective.metric} is undefined for the outcomes ${over}`,
      };
    }
  }
  const atLeast = directionOf(objective) === 'at_least';
  const met = atLeast ? observed >= objective.target : observed <= objective.target;
  const relation = atLeast ? (met ? '≥' : '<') : met ? '≤' : '>';
  const reason = `${objective.metric} ${show(observed)} ${relation} target ${show(objective.target)} ${over}`;
  return { ...base, observed, met, reason };
}
