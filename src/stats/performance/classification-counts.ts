/**
 * Accuracy, precision, recall and F1 for the positive class from confusion counts, which
 * may be fractional (CBPE's expected counts). Definitions as sklearn's; where sklearn
 * divides by zero (and reports 0 with a warning) the value is null:
 * precision with no predicted positives, recall with no actual positives, F1 when
 * tp + fp + fn = 0, accuracy with no pairs.
 */

export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface ClassificationMetrics {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export function classificationFromCounts({ tp, fp, fn, tn }: ConfusionCounts): ClassificationMetrics {
  const total = tp + fp + fn + tn;
  return {
    accuracy: ratio(tp + tn, total),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
