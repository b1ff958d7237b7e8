/**
 * The window mean error under no drift, drawn (docs/statistics.md#multivariate-drift): a row's
 * squared reconstruction error has a long right tail (a far value in one feature counts squared),
 * so a mean of 150 rows is far from normal where the alarm budget tests it (p ≈ 10⁻⁵). The null
 * draws DRAWS windows of the window's size from the reference rows' out-of-fold errors (their
 * grid), and beyond the draws' 90th percentile takes an exponential tail (drawn-tail.ts), as the
 * Wasserstein null does. Seeded; cached per model and size bucket.
 */
import { mulberry32 } from '../../lib/random.js';
import { drawnTailP, fitDrawnTail, gridQuantile, type DrawnTail } from '../drift/drawn-tail.js';
import type { ReconstructionModel } from './reconstruction.js';

export const ERROR_DRAWS = 1000;
/** Larger windows are drawn at this size: the mean's spread only narrows as windows grow. */
export const ERROR_DRAWN_UP_TO = 4096;

const cache = new WeakMap<ReconstructionModel, Map<number, DrawnTail>>();

/** P(a window of n rows drawn from the reference has a mean error ≥ error). */
export function meanErrorTail(error: number, model: ReconstructionModel, n: number): number {
  return drawnTailP(error, drawn(model, n));
}

function drawn(model: ReconstructionModel, n: number): DrawnTail {
  const bucket = Math.round(8 * Math.log2(Math.max(2, Math.min(n, ERROR_DRAWN_UP_TO))));
  let byBucket = cache.get(model);
  if (!byBucket) cache.set(model, (byBucket = new Map()));
  let d = byBucket.get(bucket);
  if (!d)
    byBucket.set(
      bucket,
      (d = draw(Float64Array.from(model.errorGrid), Math.round(2 ** (bucket / 8)), bucket)),
    );
  return d;
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
