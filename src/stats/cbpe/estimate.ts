import { classificationFromCounts, type ConfusionCounts } from '../performance/classification-counts.js';
import type { EstimatedPerformance } from '../performance/performance.schemas.js';
import { CONFIDENCE, normalInterval, Z } from '../performance/intervals.js';
import { aucFromGroups, ascendingOrder } from '../performance/roc-auc.js';
import { assertProbability } from '../performance/score-grid.js';
import { calibrate, type CbpeCalibration } from './calibration.js';

/**
 * CBPE's estimate, as NannyML computes it, with p the calibrated probability of the
 * positive class: the expected confusion matrix E[TP] = Σ_{predicted 1} p,
 * E[FP] = Σ_{predicted 1} (1 − p), E[FN] = Σ_{predicted 0} p, E[TN] = Σ_{predicted 0} (1 − p)
 * gives accuracy, precision, recall and F1; ROC AUC is the area under the curve traced by
 * cumulative p and 1 − p in order of the uncalibrated score. Unlike NannyML, equal scores
 * form one step (as sklearn's roc_curve treats ties) and counts are not rounded to 5 decimals.
 */

/** Predictions with equal (or, in a summary, nearby) scores, split by the model's decision. */
export interface CbpeGroup {
  predictedPositive: number;
  /** Σ p over the predicted positives. */
  predictedPositiveMass: number;
  predictedNegative: number;
  /** Σ p over the predicted negatives. */
  predictedNegativeMass: number;
}

/** The estimate from groups in ascending order of uncalibrated score. */
export function estimateFromGroups(
  groups: readonly CbpeGroup[],
  calibration: CbpeCalibration,
): EstimatedPerformance {
  const expected: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let predictions = 0;
  // Σ p(1 − p): the variance of the number of right predictions, each right with its own
  // probability (a Poisson-binomial); a group's predictions share its mean probability.
  let variance = 0;
  const spread = (count: number, mass: number) => (count > 0 ? mass * (1 - mass / count) : 0);
  for (const g of groups) {
    variance += spread(g.predictedPositive, g.predictedPositiveMass);
    variance += spread(g.predictedNegative, g.predictedNegativeMass);
    expected.tp += g.predictedPositiveMass;
    expected.fp += g.predictedPositive - g.predictedPositiveMass;
    expected.fn += g.predictedNegativeMass;
    expected.tn += g.predictedNegative - g.predictedNegativeMass;
    predictions += g.predictedPositive + g.predictedNegative;
  }
  const rocAuc = aucFromGroups(
    groups.map((g) => {
      const positive = g.predictedPositiveMass + g.predictedNegativeMass;
      return { positive, negative: g.predictedPositive + g.predictedNegative - positive };
    }),
  );
  const metrics = { ...classificationFromCounts(expected), rocAuc };
  const se = predictions > 0 ? Math.sqrt(variance) / predictions : null;
  return {
    method: 'cbpe',
    predictions,
    calibration: calibration.method,
    metrics,
    intervals: { confidence: CONFIDENCE, accuracy: normalInterval(metrics.accuracy, se, Z, [0, 1]) },
  };
}

/** CBPE for a window of unlabelled predictions: scores and the model's decisions. */
export function estimateCbpe(
  calibration: CbpeCalibration,
  scores: readonly number[],
  predicted: readonly boolean[],
): EstimatedPerformance {
  if (scores.length !== predicted.length) throw new RangeError('scores and predicted differ in length');
  const order = ascendingOrder(scores);
  const groups: CbpeGroup[] = [];
  let previous = Number.NaN;
  for (const i of order) {
    const score = scores[i]!;
    assertProbability(score);
    if (score !== previous) {
      groups.push({
        predictedPositive: 0,
        predictedPositiveMass: 0,
        predictedNegative: 0,
        predictedNegativeMass: 0,
      });
      previous = score;
    }
    const group = groups[groups.length - 1]!;
    const p = calibrate(calibration, score);
    if (predicted[i]) {
      group.predictedPositive += 1;
      group.predictedPositiveMass += p;
    } else {
      group.predictedNegative += 1;
      group.predictedNegativeMass += p;
    }
  }
  return estimateFromGroups(groups, calibration);
}
