/**
 * NannyML's test of whether isotonic calibration helps (nannyml/calibration.py,
 * needs_calibration): cross-validate the calibrator on the reference and calibrate only
 * when the expected calibration error of the out-of-fold calibrated scores is lower than
 * that of the raw scores. NannyML's ECE uses equal-count bins over the sorted scores, not
 * the equal-width bins of the reported ECE metric.
 *
 * One deliberate difference: NannyML draws 10 StratifiedShuffleSplits (10% test, numpy's
 * random state 42); we use 10 stratified folds, so every reference row is tested once, in
 * a fixed pseudo-random order, so the decision is reproducible without a random generator.
 * On borderline references the two can decide differently.
 */

export const CALIBRATION_FOLDS = 10;
export const CALIBRATION_ECE_BINS = 10;

/**
 * Half-open index ranges of equal-count bins over n sorted values, as NannyML's
 * _get_bin_index_edges: with n ≤ 2·bins only n/2 bins; width ⌊n/bins⌋; the last bin takes
 * the remainder (so there can be more bins than asked, e.g. n = 25 gives 12).
 */
export function equalCountBinEdges(n: number, bins: number): Array<[number, number]> {
  let count = bins;
  if (n <= 2 * count) count = Math.floor(n / 2);
  if (count < 2) throw new RangeError(`cannot split ${n} values into at least 2 bins`);
  const width = Math.floor(n / count);
  const edges: number[] = [];
  for (let e = 0; e <= n; e += width) edges.push(e);
  edges[edges.length - 1] = n;
  return edges.slice(1).map((right, i) => [edges[i]!, right]);
}

/**
 * NannyML's expected calibration error: rows sorted by probability (ties kept in input
 * order), split into equal-count bins, Σ (bin share) · |mean probability − share positive|.
 */
export function equalCountEce(actual: readonly boolean[], probability: readonly number[]): number {
  const order = probability.map((_, i) => i).sort((a, b) => probability[a]! - probability[b]! || a - b);
  let ece = 0;
  for (const [left, right] of equalCountBinEdges(order.length, CALIBRATION_ECE_BINS)) {
    let sumP = 0;
    let positives = 0;
    for (let k = left; k < right; k++) {
      sumP += probability[order[k]!]!;
      if (actual[order[k]!]) positives += 1;
    }
    const size = right - left;
    ece += (size / order.length) * Math.abs(sumP / size - positives / size);
  }
  return ece;
}

/**
 * Fold of each row: within each class, rows in a fixed pseudo-random order are dealt
 * round-robin. The order must not follow the score: folds dealt by score rank would give
 * every test row train neighbours with the same local share of positives, so the
 * out-of-fold calibration would look as good as an in-sample one and always win.
 */
export function stratifiedFolds(actual: readonly boolean[], folds: number): number[] {
  const fold = new Array<number>(actual.length).fill(0);
  for (const label of [false, true]) {
    const rows = actual.flatMap((a, i) => (a === label ? [i] : []));
    rows.sort((a, b) => scramble(a) - scramble(b));
    rows.forEach((row, rank) => (fold[row] = rank % folds));
  }
  return fold;
}

/** A bijection of 32-bit integers that scatters neighbours (MurmurHash3's finalizer). */
function scramble(i: number): number {
  let h = i >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
