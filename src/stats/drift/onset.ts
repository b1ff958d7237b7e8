/**
 * When a change began: the single change point of a series under a shift in its mean
 * (docs/statistics.md#drift-onset). The split k that leaves the least squared error within the
 * two segments is the maximum-likelihood change point for a Gaussian series with a common
 * variance; it is also the first split of binary segmentation and the maximum of the
 * standardized CUSUM |S_k − k·x̄| / √(k(n − k)/n), which is how it is computed here.
 */

/** At least this many points before a change point is estimated. */
export const MIN_POINTS = 4;

/**
 * The index of the first point after the change (1 … n − 1), or null with fewer than
 * MIN_POINTS points or a constant series. Ties go to the earliest split.
 */
export function changePoint(values: readonly number[]): number | null {
  const n = values.length;
  if (n < MIN_POINTS) return null;
  let total = 0;
  for (const v of values) total += v;
  const mean = total / n;
  let best = 0;
  let at: number | null = null;
  let partial = 0;
  for (let k = 1; k < n; k++) {
    partial += values[k - 1]! - mean;
    const score = (partial * partial) / ((k * (n - k)) / n);
    if (score > best * (1 + 1e-12)) {
      best = score;
      at = k;
    }
  }
  return at;
}

export interface SeriesPoint {
  /** Window end, ms since the epoch. */
  end: number;
  value: number;
}

/**
 * The onset of a drift from the series of its statistic over evaluations of one window
 * (ascending by end): the change point's first evaluation ends `window` after its window began,
 * and a shift at time c moves the statistic of windows ending in (c, c + window], so the split
 * of that ramp falls near c + window/2. Null when no change point is found.
 */
export function driftOnset(series: readonly SeriesPoint[], windowMs: number): number | null {
  const k = changePoint(series.map((p) => p.value));
  if (k === null) return null;
  return series[k]!.end - windowMs / 2;
}
