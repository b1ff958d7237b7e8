/**
 * Isotonic (non-decreasing) regression by pool-adjacent-violators, reproducing
 * sklearn.isotonic.IsotonicRegression(increasing=True, out_of_bounds="clip"):
 * - rows with zero weight are dropped; rows are sorted by x (then y);
 * - x values closer than 1e-15 (np.finfo(float64).resolution) to the first x of their
 *   run are one point, with the weighted mean y and the summed weight;
 * - adjacent blocks are pooled while a block's mean is not below the next one's;
 * - points inside a run of equal fitted values are dropped (they change nothing);
 * - prediction clips to [min x, max x] and interpolates linearly between the kept points.
 * No maintained npm package does this, hence our own.
 */
import { lowerBound } from '../sorted.js';

/** A fitted step-and-ramp function: increasing x, non-decreasing y, at least one point. */
export interface IsotonicFit {
  x: number[];
  y: number[];
}

const X_RESOLUTION = 1e-15;

export function fitIsotonic(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weight?: ArrayLike<number>,
): IsotonicFit {
  if (x.length !== y.length || (weight && weight.length !== x.length)) {
    throw new RangeError('x, y and weight differ in length');
  }
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) throw new RangeError(`row ${i} is not finite`);
    if (!weight || weight[i]! > 0) rows.push(i);
  }
  if (rows.length === 0) throw new RangeError('isotonic regression needs at least one row with weight');
  rows.sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const points = uniquePoints(rows, x, y, (i) => (weight ? weight[i]! : 1));
  return trimFlatRuns(points.x, poolAdjacentViolators(points.y, points.w));
}

function uniquePoints(
  rows: readonly number[],
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weightOf: (i: number) => number,
): { x: number[]; y: number[]; w: number[] } {
  const out = { x: [] as number[], y: [] as number[], w: [] as number[] };
  let start = x[rows[0]!]!;
  let sumWY = 0;
  let sumW = 0;
  for (const i of rows) {
    if (x[i]! - start >= X_RESOLUTION) {
      out.x.push(start);
      out.y.push(sumWY / sumW);
      out.w.push(sumW);
      [start, sumWY, sumW] = [x[i]!, 0, 0];
    }
    sumWY += y[i]! * weightOf(i);
    sumW += weightOf(i);
  }
  out.x.push(start);
  out.y.push(sumWY / sumW);
  out.w.push(sumW);
  return out;
}

/** Weighted least-squares non-decreasing fit of `y`, one value per input point. */
export function poolAdjacentViolators(y: readonly number[], w: readonly number[]): number[] {
  // Blocks as parallel stacks: weighted sum, weight, mean, and how many points each covers.
  const sums: number[] = [];
  const weights: number[] = [];
  const means: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < y.length; i++) {
    sums.push(y[i]! * w[i]!);
    weights.push(w[i]!);
    means.push(y[i]!);
    sizes.push(1);
    while (means.length > 1 && means[means.length - 2]! >= means[means.length - 1]!) {
      const sum = sums.pop()! + sums.pop()!;
      const weight = weights.pop()! + weights.pop()!;
      const size = sizes.pop()! + sizes.pop()!;
      means.pop();
      means.pop();
      sums.push(sum);
      weights.push(weight);
      means.push(sum / weight);
      sizes.push(size);
    }
  }
  const fitted: number[] = [];
  means.forEach((mean, block) => {
    for (let k = 0; k < sizes[block]!; k++) fitted.push(mean);
  });
  return fitted;
}

function trimFlatRuns(x: readonly number[], y: readonly number[]): IsotonicFit {
  const fit: IsotonicFit = { x: [], y: [] };
  for (let i = 0; i < x.length; i++) {
    const interior = i > 0 && i < x.length - 1;
    if (interior && y[i] === y[i - 1] && y[i] === y[i + 1]) continue;
    fit.x.push(x[i]!);
    fit.y.push(y[i]!);
  }
  return fit;
}

/** The fitted value at `value`: clipped to the fitted range, linear between points. */
export function predictIsotonic({ x, y }: IsotonicFit, value: number): number {
  const last = x.length - 1;
  if (last === 0) return y[0]!;
  const v = Math.min(x[last]!, Math.max(x[0]!, value));
  // First point at or above v, at least the second (scipy's interp1d does the same); v ≤ x[last].
  const lo = Math.max(1, lowerBound(x, v));
  const slope = (y[lo]! - y[lo - 1]!) / (x[lo]! - x[lo - 1]!);
  return slope * (v - x[lo - 1]!) + y[lo - 1]!;
}
