/**
 * The tail of a statistic's null distribution from draws (docs/statistics.md#noise-aware-verdicts):
 * below the draws' 90th percentile the p-value is their share at or above the statistic; beyond it
 * an exponential tail with the mean excess over that percentile, taken at its upper 97.5% bound,
 * which errs towards a heavier tail than the few draws beyond the split show.
 */

/** The body/tail split of the drawn distribution. */
const TAIL_FROM = 0.9;

export interface DrawnTail {
  /** The drawn statistics, ascending. */
  sorted: Float64Array;
  /** The TAIL_FROM quantile, and the mean excess over it. */
  threshold: number;
  meanExcess: number;
}

/** Sorts the drawn values (in place) and fits the tail. */
export function fitDrawnTail(values: Float64Array): DrawnTail {
  values.sort();
  const threshold = values[Math.floor(TAIL_FROM * values.length)]!;
  let excess = 0;
  let count = 0;
  for (const v of values) {
    if (v > threshold) {
      excess += v - threshold;
      count++;
    }
  }
  // The mean excess at its upper 97.5% bound (its relative error is about 1/√count).
  const meanExcess = count > 0 ? (excess / count) * (1 + 2 / Math.sqrt(count)) : 0;
  return { sorted: values, threshold, meanExcess: Math.max(meanExcess, 1e-12) };
}

/** P(statistic ≥ z) under the drawn null. */
export function drawnTailP(z: number, d: DrawnTail): number {
  if (z <= d.threshold) {
    let below = 0;
    while (below < d.sorted.length && d.sorted[below]! < z) below++;
    return (d.sorted.length - below + 1) / (d.sorted.length + 1);
  }
  return (1 - TAIL_FROM) * Math.exp(-(z - d.threshold) / d.meanExcess);
}

/**
 * The quantile at u of a grid holding a minimum, the quantiles at the middle of `grid.length − 2`
 * equal slices, and a maximum: linear between the midpoints, and out to the extremes.
 */
export function gridQuantile(grid: Float64Array, u: number): number {
  const slices = grid.length - 2;
  const h = u * slices + 0.5; // grid[k] is at level (k − 0.5)/slices for 1 ≤ k ≤ slices
  if (h <= 1) return grid[0]! + h * (grid[1]! - grid[0]!);
  if (h >= slices) return grid[slices]! + (h - slices) * 2 * (grid[slices + 1]! - grid[slices]!);
  const i = Math.floor(h);
  return grid[i]! + (h - i) * (grid[i + 1]! - grid[i]!);
}
