import { BinarySummary } from './binary-summary.js';
import type { BinaryMetrics } from './performance.schemas.js';
import { rocAuc } from './roc-auc.js';

/** Labelled pairs of a binary classifier; `true` is the model's positive class. */
export interface BinaryPairs {
  actual: readonly boolean[];
  predicted: readonly boolean[];
  /**
   * Scores (probability of the positive class), one per pair, null where the model sent none:
   * the score metrics (ROC AUC, log loss, Brier, ECE) are taken over the scored pairs, as the
   * summaries take them.
   */
  scores?: readonly (number | null)[];
}

/**
 * Binary metrics from raw pairs. The exact sums are the summary's (one definition of each
 * number); ROC AUC is computed from the exact ranks instead of the score grid.
 */
export function binaryMetrics({ actual, predicted, scores }: BinaryPairs): BinaryMetrics {
  if (predicted.length !== actual.length || (scores && scores.length !== actual.length)) {
    throw new RangeError('actual, predicted and scores differ in length');
  }
  const summary = new BinarySummary();
  actual.forEach((a, i) => summary.add(a, predicted[i]!, scores?.[i]));
  const scored = scores ? actual.flatMap((_, i) => (scores[i] === null ? [] : [i])) : [];
  const auc = rocAuc(
    scored.map((i) => actual[i]!),
    scored.map((i) => scores![i]!),
  );
  return { ...summary.metrics(), rocAuc: auc };
}
