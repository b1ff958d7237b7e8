/**
 * Reference-decile bins for the binned distances (PSI, Jensen-Shannon, Hellinger).
 *
 * Bins are closed on the right: with inner edges e₁ < … < e_k there are k + 1 bins
 * (−∞, e₁], (e₁, e₂], …, (e_k, +∞). A value equal to an edge belongs to the bin that ends
 * there, so a bin's count is n·(F(e_i) − F(e_{i−1})) with the usual ECDF F(x) = #{v ≤ x}/n,
 * the same F that KS uses, and the bin of v is numpy's `searchsorted(edges, v, side="left")`.
 */
import { hellinger, jensenShannon, proportions, psi } from '../distances.js';
import { lowerBound, numpyLerp } from '../sorted.js';
import { sortedPresent, type RawNumber } from './values.js';

export interface BinnedMeasures {
  psi: number;
  jensenShannon: number;
  hellinger: number;
}

const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => i / 10);

/** Inner edges at the reference deciles (numpy.quantile, linear), equal edges merged. */
export function decileEdges(ref: readonly RawNumber[]): number[] {
  return decileEdgesSorted(sortedPresent(ref));
}

/** decileEdges on present values already sorted ascending. */
export function decileEdgesSorted(sorted: ArrayLike<number>): number[] {
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (const q of DECILES) {
    const edge = quantileSorted(sorted, q);
    if (edges.length === 0 || edge !== edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/**
 * numpy.quantile's default ("linear") on sorted values, reproduced operation for operation
 * (numpy 1.24 `_lerp` interpolates from the upper neighbour when the fraction is ≥ 0.5),
 * so that edges, and therefore bin counts, agree exactly with the golden values.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const index = (sorted.length - 1) * q;
  const below = Math.floor(index);
  if (below >= sorted.length - 1) return sorted[sorted.length - 1]!;
  return numpyLerp(sorted[below]!, sorted[below + 1]!, index - below);
}

/** Counts per bin (edges.length + 1 bins, right-closed as above); missing values skipped. */
export function binCounts(values: ArrayLike<RawNumber>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null || Number.isNaN(v)) continue;
    // The first edge ≥ v closes the bin (e_{i−1}, e_i] that holds v.
    counts[lowerBound(edges, v)]!++;
  }
  return counts;
}

/** PSI, Jensen-Shannon and Hellinger between bin counts of the reference and the window. */
export function binnedMeasuresFromCounts(
  refCounts: readonly number[],
  curCounts: readonly number[],
): BinnedMeasures {
  if (isEmpty(refCounts) || isEmpty(curCounts))
    throw new RangeError('binned measures need values on both sides');
  const p = proportions(refCounts);
  const q = proportions(curCounts);
  return { psi: psi(p, q), jensenShannon: jensenShannon(p, q), hellinger: hellinger(p, q) };
}

/** The binned distances on raw values; edges default to the reference deciles. */
export function binnedMeasures(
  ref: readonly RawNumber[],
  cur: readonly RawNumber[],
  edges: readonly number[] = decileEdges(ref),
): BinnedMeasures {
  return binnedMeasuresFromCounts(binCounts(ref, edges), binCounts(cur, edges));
}

function isEmpty(counts: readonly number[]): boolean {
  return counts.every((c) => c === 0);
}
