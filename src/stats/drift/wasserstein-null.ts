/**
 * The normalized Wasserstein distance under no drift, drawn (docs/statistics.md#noise-aware-verdicts).
 * √n·W1/σ tends to ∫ |B(F(x))| dx / σ for a Brownian bridge B, but at the sizes windows have
 * (150 events) its tail is heavier than that limit's: a few far values move W1 a lot. So the
 * null is drawn: DRAWS windows of the window's size from the reference's quantiles, each W1 to
 * those quantiles; below the draws' 90th percentile the p-value is their share at or above the
 * statistic, beyond it an exponential tail with the mean excess over that percentile, which is
 * no lighter than the tail of a sum of bounded far values. Seeded, so the same inputs give the
 * same p-value; cached per reference's values and size bucket.
 */
import { mulberry32 } from '../../lib/random.js';
import { drawnTailP, fitDrawnTail, gridQuantile, type DrawnTail } from './drawn-tail.js';
import { createDrawnCache } from './drawn-cache.js';
import { halfWasserstein1 } from './numerical.js';

/**
 * The reference as the null draws from: its smallest value, its quantiles at the middle of GRID
 * equal slices, and its largest value (so that draws reach as far as the reference does).
 */
export interface WassersteinNull {
  /** Ascending, in units of the reference's standard deviation (floored as the distance's is). */
  grid: Float64Array;
}

export const GRID = 1024;
/** Windows drawn per size bucket. */
export const WASSERSTEIN_DRAWS = 1000;
/** Larger windows are drawn at this size: the tail only lightens as windows grow. */
export const WASSERSTEIN_DRAWN_UP_TO = 4096;

/** The reference's quantile function (u in [0, 1] → value) and standard deviation, floored. */
export function wassersteinNull(quantile: (u: number) => number, std: number): WassersteinNull {
  const levels = [0, ...Array.from({ length: GRID }, (_, i) => (i + 0.5) / GRID), 1];
  return { grid: Float64Array.from(levels, (u) => quantile(u) / std) };
}

/**
 * Drawn nulls by the grid's content and size bucket (drawn-cache.ts): a reference decoded again
 * (the reference cache dropped it, or a new version with the same values) finds its draws, which
 * cost 0.1–0.5 s per feature and window size, instead of drawing them again. About 8 KB an entry,
 * with its grid (8 KB, shared by a feature's window sizes): 50,000 entries hold the draws of
 * about a thousand models of 15 numerical features at 3 window sizes.
 */
export const DRAWN_CACHE_ENTRIES = 50_000;
const drawnCache = createDrawnCache(DRAWN_CACHE_ENTRIES);
/** Nulls drawn by this process (for tests and benches). */
export const drawCount = {
  get value() {
    return drawnCache.draws;
  },
};

/** P(√n·W1/σ ≥ z) for a window of n values under no drift. */
export function wassersteinTail(z: number, model: WassersteinNull, n: number): number {
  return drawnTailP(z, drawn(model, n));
}

function drawn(model: WassersteinNull, n: number): DrawnTail {
  const bucket = Math.round(8 * Math.log2(Math.max(2, Math.min(n, WASSERSTEIN_DRAWN_UP_TO))));
  return drawnCache.tail(model.grid, bucket, () => draw(model.grid, Math.round(2 ** (bucket / 8)), bucket));
}

function draw(grid: Float64Array, n: number, seed: number): DrawnTail {
  const random = mulberry32(seed * 7919 + grid.length);
  const window = new Float64Array(n);
  const values = new Float64Array(WASSERSTEIN_DRAWS);
  // Windows are compared with the GRID equally likely midpoints (the extremes only bound draws).
  const inner = grid.subarray(1, GRID + 1);
  const uniforms = new Float64Array(n);
  const sorter = bucketSorter(n);
  for (let k = 0; k < WASSERSTEIN_DRAWS; k++) {
    for (let i = 0; i < n; i++) uniforms[i] = random();
    // The quantile function does not decrease, so mapping the sorted uniforms gives the sorted
    // window: the same values as sorting the mapped ones, at O(n) instead of O(n log n).
    sorter(uniforms);
    for (let i = 0; i < n; i++) window[i] = gridQuantile(grid, uniforms[i]!);
    values[k] = 2 * halfWasserstein1(inner, window) * Math.sqrt(n);
  }
  return fitDrawnTail(values);
}

/**
 * Sorts values in [0, 1) in place by n buckets of equal width and an insertion sort within
 * each (about one value a bucket): the draws' most expensive step was a comparison sort.
 */
export function bucketSorter(n: number): (values: Float64Array) => void {
  const starts = new Int32Array(n + 1);
  const scratch = new Float64Array(n);
  return (values) => {
    starts.fill(0);
    for (let i = 0; i < n; i++) starts[Math.min(n - 1, Math.floor(values[i]! * n)) + 1]!++;
    for (let b = 0; b < n; b++) starts[b + 1]! += starts[b]!;
    const next = Int32Array.from(starts.subarray(0, n));
    for (let i = 0; i < n; i++) scratch[next[Math.min(n - 1, Math.floor(values[i]! * n))]!++] = values[i]!;
    for (let b = 0; b < n; b++) {
      for (let i = starts[b]! + 1; i < starts[b + 1]!; i++) {
        const v = scratch[i]!;
        let j = i - 1;
        while (j >= starts[b]! && scratch[j]! > v) {
          scratch[j + 1] = scratch[j]!;
          j--;
        }
        scratch[j + 1] = v;
      }
    }
    values.set(scratch);
  };
}
