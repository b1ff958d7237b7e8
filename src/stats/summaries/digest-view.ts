import type { TDigest } from './t-digest.js';
import { viewFromPairs, type WeightedView } from './weighted-view.js';

/**
 * Reads a t-digest (plus exact atoms) as a WeightedView, so sketches and exact
 * data share one implementation of every measure. The digest's piecewise-linear
 * quantile function is sampled at the middle of rank cells: GRID equal cells, with
 * the two end cells split geometrically down to a single rank, so a heavy tail is
 * not flattened by the sampling. Sampling adds at most 1/GRID of rank error.
 */
const GRID = 4096;
const TAIL_STEP = 1.5;

export function digestView(digest: TDigest, atoms: ReadonlyMap<number, number>): WeightedView {
  const { ranks, xs } = digest.knots();
  const total = ranks[ranks.length - 1]!;
  const values: number[] = [];
  const weights: number[] = [];
  if (total > 0) {
    const bounds = cellBounds(total);
    let k = 1;
    for (let c = 0; c + 1 < bounds.length; c++) {
      const mid = (bounds[c]! + bounds[c + 1]!) / 2;
      while (k < ranks.length - 1 && ranks[k]! < mid) k++;
      const r0 = ranks[k - 1]!;
      const r1 = ranks[k]!;
      const x = r1 > r0 ? xs[k - 1]! + ((mid - r0) / (r1 - r0)) * (xs[k]! - xs[k - 1]!) : xs[k]!;
      values.push(x);
      weights.push(bounds[c + 1]! - bounds[c]!);
    }
  }
  for (const [v, c] of atoms) {
    values.push(v);
    weights.push(c);
  }
  return viewFromPairs(values, weights);
}

/** Cell boundaries in rank units from 0 to total: geometric near both ends, equal in the middle. */
function cellBounds(total: number): number[] {
  const cell = total / GRID;
  const tail: number[] = [];
  for (let b = 1; b < cell; b *= TAIL_STEP) tail.push(b);
  const bounds = [0, ...tail];
  for (let i = 1; i < GRID; i++) bounds.push(i * cell);
  for (let i = tail.length - 1; i >= 0; i--) bounds.push(total - tail[i]!);
  bounds.push(total);
  return bounds;
}
