/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a positive outscores a
 * negative, ties counting one half. This is the area under sklearn's trapezoidal ROC
 * curve, also with weights, so one routine serves exact labels (weights 0/1), histograms
 * (a bin is a tie) and CBPE (a prediction is positive with weight p, negative with 1 − p).
 */

/** Positive and negative mass of one group of tied scores. */
export interface ScoreGroup {
  positive: number;
  negative: number;
}

/** AUC from groups in ascending score order; null when either class has no mass. */
export function aucFromGroups(groups: Iterable<ScoreGroup>): number | null {
  let area = 0;
  let negativeBelow = 0;
  let positives = 0;
  for (const { positive, negative } of groups) {
    area += positive * (negativeBelow + negative / 2);
    negativeBelow += negative;
    positives += positive;
  }
  if (!(positives > 0 && negativeBelow > 0)) return null;
  return area / (positives * negativeBelow);
}

/**
 * The largest possible error of aucFromGroups when each group is a histogram bin rather
 * than a set of truly tied scores: every positive-negative pair inside a bin is counted as
 * one half but may in truth be 0 or 1.
 */
export function binnedAucMaxError(groups: Iterable<ScoreGroup>): number | null {
  let sameBin = 0;
  let positives = 0;
  let negatives = 0;
  for (const { positive, negative } of groups) {
    sameBin += positive * negative;
    positives += positive;
    negatives += negative;
  }
  if (!(positives > 0 && negatives > 0)) return null;
  return sameBin / (2 * positives * negatives);
}

/** Indexes of `scores` in ascending score order (stable for ties). */
export function ascendingOrder(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/**
 * Groups rows of equal score in ascending order, with each row's positive mass `weight(i)`
 * and negative mass `1 − weight(i)` (for labels: 1 or 0).
 */
export function* tiedGroups(scores: ArrayLike<number>, weight: (i: number) => number): Generator<ScoreGroup> {
  const order = ascendingOrder(scores);
  let k = 0;
  while (k < order.length) {
    const value = scores[order[k]!]!;
    let positive = 0;
    let count = 0;
    for (; k < order.length && scores[order[k]!] === value; k++, count++) positive += weight(order[k]!);
    yield { positive, negative: count - positive };
  }
}

/** Exact ROC AUC, as sklearn.metrics.roc_auc_score; null when one class is absent. */
export function rocAuc(actual: readonly boolean[], scores: ArrayLike<number>): number | null {
  if (actual.length !== scores.length) throw new RangeError('actual and scores differ in length');
  return aucFromGroups(tiedGroups(scores, (i) => (actual[i] ? 1 : 0)));
}
