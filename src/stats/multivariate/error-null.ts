/**
 * The window mean error under no drift, drawn (docs/statistics.md#multivariate-drift): a row's
 * squared reconstruction error has a long right tail (a far value in one feature counts squared),
 * so a mean of 150 rows is far from normal where the alarm budget tests it (p ≈ 10⁻⁵). The null
 * draws DRAWS windows of the window's size from the reference rows' out-of-fold errors (their
 * grid), and beyond the draws' 90th percentile takes an exponential tail (drawn-tail.ts), as the
 * Wasserstein null does. Seeded; cached by the grid's values and size bucket (drawn-cache.ts): the
 * reference is read again for every evaluation, so a cache by object would draw on each one.
 */
import { mulberry32 } from '../../lib/random.js';
import { createDrawnCache } from '../drift/drawn-cache.js';
import { drawnTailP, fitDrawnTail, gridQuantile, type DrawnTail } from '../drift/drawn-tail.js';
import type { ReconstructionModel } from './reconstruction.js';

export const ERROR_DRAWS = 1000;
/** Larger windows are drawn at this size: the mean's spread only narrows as windows grow. */
export const ERROR_DRAWN_UP_TO = 4096;

/**
 * About 8 KB an entry with its grid (the reference's out-of-fold errors, shared by its window
 * sizes): one per model and window size bucket, so 10,000 hold three window sizes of 3,000 models.
 */
export const ERROR_CACHE_ENTRIES = 10_000;
const drawnCache = createDrawnCache(ERROR_CACHE_ENTRIES);
/** Nulls drawn by this process (for tests and benches). */
export const errorDrawCount = {
  get value() {
    return drawnCache.draws;
  },
};
/** The model's grid as the cache compares it, converted once per model object. */
const grids = new WeakMap<ReconstructionModel, Float64Array>();

/** P(a window of n rows drawn from the reference has a mean error ≥ error). */
export function meanErrorTail(error: number, model: ReconstructionModel, n: number): number {
  return drawnTailP(error, drawn(model, n));
}

function drawn(model: ReconstructionModel, n: number): DrawnTail {
  const bucket = Math.round(8 * Math.log2(Math.max(2, Math.min(n, ERROR_DRAWN_UP_TO))));
  const grid = gridOf(model);
  return drawnCache.tail(grid, bucket, () => draw(grid, Math.round(2 ** (bucket / 8)), bucket));
}

function gridOf(model: ReconstructionModel): Float64Array {
  let grid = grids.get(model);
  if (!grid) grids.set(model, (grid = Float64Array.from(model.errorGrid)));
  return grid;
}

function draw(grid: Float64Array, n: number, seed: number): DrawnTail {
  const random = mulberry32(seed * 7919 + grid.length);
  const means = new Float64Array(ERROR_DRAWS);
  for (let k = 0; k < ERROR_DRAWS; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += gridQuantile(grid, random());
    means[k] = sum / n;
  }
  return fitDrawnTail(means);
}
