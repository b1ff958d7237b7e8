/**
 * Count, mean and M2 = Σ (x − mean)² of a stream of values: Welford's update and the merge of
 * Chan, Golub and LeVeque (1983). M2 stands in for a raw sum of squares, which cancels
 * catastrophically for values far from zero with a small spread (years: 2020 ± 3 gives
 * Σx² − (Σx)²/n = 4·10⁶ − 4·10⁶), while these updates keep the spread's digits.
 */
export interface Moments {
  count: number;
  mean: number;
  m2: number;
}

export function addToMoments(moments: Moments, value: number): void {
  moments.count += 1;
  const delta = value - moments.mean;
  moments.mean += delta / moments.count;
  moments.m2 += delta * (value - moments.mean);
}

/** Folds `other` into `into`; `other` is left as it was. */
export function mergeMoments(into: Moments, other: Moments): void {
  if (other.count === 0) return;
  const count = into.count + other.count;
  const delta = other.mean - into.mean;
  into.m2 += other.m2 + (delta * delta * into.count * other.count) / count;
  into.mean += (delta * other.count) / count;
  into.count = count;
}
