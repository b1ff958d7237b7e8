/**
 * A sorted, weighted view of a distribution: distinct values ascending, each with
 * the total weight (count) it stands for. Exact data and a compacted sketch both
 * become one of these, so every query below has one definition for both.
 */
import { lowerBound, numpyLerp, upperBound } from '../sorted.js';

export interface WeightedView {
  /** Distinct values, strictly ascending. */
  readonly values: Float64Array;
  /** cumulative[i] = total weight of values[0..i]. */
  readonly cumulative: Float64Array;
  /** Total weight (the number of values summarised). */
  readonly total: number;
}

/** Builds a view from unsorted (value, weight) pairs; equal values are combined. */
export function viewFromPairs(values: ArrayLike<number>, weights: ArrayLike<number>): WeightedView {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[a]! - values[b]!);
  const outValues: number[] = [];
  const outCumulative: number[] = [];
  let running = 0;
  for (const i of order) {
    running += weights[i]!;
    const last = outValues.length - 1;
    if (last >= 0 && outValues[last] === values[i]) outCumulative[last] = running;
    else {
      outValues.push(values[i]!);
      outCumulative.push(running);
    }
  }
  return {
    values: Float64Array.from(outValues),
    cumulative: Float64Array.from(outCumulative),
    total: running,
  };
}

/** Weight of values ≤ x. */
export function weightAtOrBelow(view: WeightedView, x: number): number {
  const i = upperBound(view.values, x);
  return i === 0 ? 0 : view.cumulative[i - 1]!;
}

/** Weight of values < x. */
export function weightBelow(view: WeightedView, x: number): number {
  const i = lowerBound(view.values, x);
  return i === 0 ? 0 : view.cumulative[i - 1]!;
}

/** The value at 0-based position p of the expanded sorted list (p clamped to the list). */
function valueAtPosition(view: WeightedView, p: number): number {
  return view.values[Math.min(upperBound(view.cumulative, p), view.values.length - 1)]!;
}

/**
 * Quantile with linear interpolation between order statistics, as
 * `numpy.quantile(..., method="linear")`, treating each value as repeated by its
 * weight; with the same interpolation as src/stats/drift/bins.ts (numpyLerp), so that
 * on exact data the decile edges are the same floating-point numbers.
 */
export function viewQuantile(view: WeightedView, q: number): number {
  if (view.total === 0) return Number.NaN;
  const h = (view.total - 1) * Math.min(1, Math.max(0, q));
  const lowPos = Math.floor(h);
  const a = valueAtPosition(view, lowPos);
  const t = h - lowPos;
  if (t === 0) return a;
  return numpyLerp(a, valueAtPosition(view, lowPos + 1), t);
}
