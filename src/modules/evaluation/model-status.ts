import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import { wilson } from '../../stats/performance/intervals.js';
import type { RealizedPerformance } from '../../stats/performance/index.js';
import type { Task } from '../../domain/model-spec.js';
import type { Headline, ModelStatus } from './evaluation.schemas.js';

/**
 * The model status of one evaluation, and the headline metric it is judged on. Pure.
 *
 * In order, the first that applies:
 * - unknown: the model has no reference (or one built for another task);
 * - silent: no events in the window, although the model had events in the 24 hours before it
 *   (traffic was expected; a model idle for longer is not silent, it is idle);
 * - degraded: the headline metric (accuracy for classifiers, MAE for regression) is worse than
 *   on the reference's labelled rows by more than `performanceDrop`, relative (0.1: 10% worse),
 *   even at the better end of its interval at the alarm budget's level (dropLowerBound), judged on
 *   realized performance with at least MIN_JUDGED labelled predictions, else on CBPE's estimate
 *   with at least MIN_JUDGED scored predictions;
 * - drifting: dataset drift (the share of drifted features reached its threshold), or multivariate
 *   drift (the features' joint distribution changed: docs/statistics.md#multivariate-drift);
 * - insufficient_data: nothing was judged: no feature had enough values for a drift verdict, and
 *   performance had neither MIN_JUDGED labelled nor MIN_JUDGED scored predictions (a window too
 *   small to judge is not healthy; the reason gives the counts);
 * - healthy: judged, and none of these.
 */
export const MIN_JUDGED = 100;

export interface StatusInput {
  task: Task;
  hasReference: boolean;
  events: number;
  /** Whether the model had events in the 24 hours before the window's start. */
  hadRecentTraffic: boolean;
  evaluation: Evaluation | null;
  baseline: RealizedPerformance | null;
  performanceDrop: number;
}

export function headline(
  task: Task,
  evaluation: Evaluation | null,
  baseline: RealizedPerformance | null,
): Headline {
  const regression = task === 'regression';
  const metric = regression ? 'mae' : 'accuracy';
  const pick = (p: RealizedPerformance | null | undefined): number | null =>
    p ? ((p.metrics as Record<string, number | null>)[metric] ?? null) : null;
  const realized = evaluation?.performance?.realized ?? null;
  const estimated = evaluation?.performance?.estimated ?? null;
  const values = {
    reference: pick(baseline),
    realized: pick(realized),
    estimated: regression ? null : (estimated?.metrics.accuracy ?? null),
  };
  const judgedOn =
    realized && realized.labelled >= MIN_JUDGED && values.realized !== null
      ? 'realized'
      : estimated && estimated.predictions >= MIN_JUDGED && values.estimated !== null
        ? 'estimated'
        : null;
  const judged = judgedOn === null ? null : values[judgedOn];
  const ref = values.reference;
  const dropFrom = (value: number | null) =>
    value === null || ref === null || ref === 0
      ? null
      : (regression ? value - ref : ref - value) / Math.abs(ref);
  const alpha = evaluation?.datasetDrift.alpha ?? null;
  const best = judgedOn === null ? null : betterEnd(judgedOn, evaluation!.performance!, alpha ?? 1);
  return {
    metric,
    higherIsBetter: !regression,
    ...values,
    judgedOn,
    drop: dropFrom(judged),
    dropLowerBound: dropFrom(best),
    alpha,
  };
}

/**
 * The better end of the judged value's one-sided interval at level alpha: Wilson's for realized
 * accuracy, value ± z·se for MAE and CBPE's accuracy; the value itself where no interval was
 * stored (evaluations from before intervals) or alpha is 1.
 */
function betterEnd(
  judgedOn: 'realized' | 'estimated',
  performance: NonNullable<Evaluation['performance']>,
  alpha: number,
): number | null {
  const z = alpha >= 1 ? 0 : normalQuantile(1 - alpha, 0, 1);
  if (judgedOn === 'estimated') {
    const e = performance.estimated!;
    const se = e.intervals?.accuracy?.standardError ?? 0;
    return e.metrics.accuracy === null ? null : Math.min(1, e.metrics.accuracy + z * se);
  }
  const r = performance.realized!;
  if (r.task === 'regression') {
    const se = r.intervals?.mae?.standardError ?? 0;
    return r.metrics.mae === null ? null : Math.max(0, r.metrics.mae - z * se);
  }
  const accuracy = r.metrics.accuracy;
  if (accuracy === null) return null;
  return wilson(Math.round(accuracy * r.labelled), r.labelled, z)?.high ?? accuracy;
}

export function modelStatus(
  input: StatusInput,
  judged: Headline | null,
): { status: ModelStatus; reason: string } {
  if (!input.hasReference)
    return { status: 'unknown', reason: 'no reference: PUT /v1/models/{modelId}/reference' };
  if (input.events === 0 && input.hadRecentTraffic) {
    return {
      status: 'silent',
      reason: 'no events in the window, though the model had events in the 24 h before it',
    };
  }
  const beyondDoubt = judged?.dropLowerBound ?? judged?.drop ?? null;
  if (judged?.drop != null && beyondDoubt !== null && beyondDoubt > input.performanceDrop) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    return {
      status: 'degraded',
      reason: `${judged.judgedOn} ${judged.metric} ${judged[judged.judgedOn!]?.toFixed(4)} is ${pct(judged.drop)} worse than the reference's ${judged.reference?.toFixed(4)}, at least ${pct(beyondDoubt)} at its interval's better end (limit ${pct(input.performanceDrop)})`,
    };
  }
  const dataset = input.evaluation?.datasetDrift;
  if (dataset?.drifted === true) {
    return {
      status: 'drifting',
      reason: `${dataset.driftedFeatures} of ${dataset.evaluatedFeatures} evaluated features drifted (share ${dataset.share?.toFixed(2)} >= ${dataset.threshold})`,
    };
  }
  const joint = input.evaluation?.multivariate;
  if (joint?.drifted === true && joint.statistic !== null) {
    return {
      status: 'drifting',
      reason: `the numerical features' joint distribution changed: mean reconstruction error ${joint.statistic.toFixed(3)} against the reference's ${joint.reference.toFixed(3)} (noise p ${joint.noisePValue?.toPrecision(2)} < ${joint.alpha.toPrecision(2)})`,
    };
  }
  const unjudged = unjudgedReason(input, judged);
  if (unjudged !== null) return { status: 'insufficient_data', reason: unjudged };
  return { status: 'healthy', reason: 'no drift or degradation found' };
}

/** Why nothing could be judged, with the counts; null when drift or performance was judged. */
function unjudgedReason(input: StatusInput, judged: Headline | null): string | null {
  if (input.events === 0) return 'no events in the window, and none in the 24 h before it';
  const dataset = input.evaluation?.datasetDrift;
  if ((dataset?.evaluatedFeatures ?? 0) > 0 || judged?.judgedOn != null) return null;
  const features = input.evaluation?.features.length ?? 0;
  const performance = input.evaluation?.performance;
  const labelled = performance?.realized?.labelled ?? 0;
  const scored = performance?.estimated?.predictions ?? 0;
  return (
    `too little to judge: ${input.events} events, no feature of ${features} had enough values for a drift verdict, ` +
    `${labelled} labelled and ${scored} scored predictions (${MIN_JUDGED} needed to judge performance)`
  );
}
