import type { NumericSummary } from './numeric-summary.js';
import { weightBelow, type WeightedView } from './weighted-view.js';

/**
 * A numerical feature's distribution on both sides of a comparison (the reference and a window),
 * read from their summaries for a chart: a few quantiles, and a histogram on one set of edges.
 *
 * The histogram is `numpy.histogram(values, bins, range=(lo, hi))` over the union of both sides'
 * ranges: equal-width edges as `numpy.linspace` gives them, bins [e_i, e_{i+1}) with the last one
 * closed, so a reader plotting the same values with numpy or matplotlib gets the same bars. A bin
 * holds the count of values < e_{i+1} minus the count < e_i, both read from the quantile sketch:
 * exact while the sketch holds every distinct value (up to 1,024, quantile-sketch.ts), else an
 * estimate within the sketch's rank error (docs/statistics.md#error-bounds-from-tiles). Counts
 * are whole numbers: the sketch's cumulative counts are rounded at each edge, so bins never go
 * negative and always sum to the side's count.
 */

export const MAX_BINS = 40;
export const DISTRIBUTION_QUANTILES = {
  p1: 0.01,
  p5: 0.05,
  p25: 0.25,
  p50: 0.5,
  p75: 0.75,
  p95: 0.95,
  p99: 0.99,
} as const;
export type Quantiles = Record<keyof typeof DISTRIBUTION_QUANTILES, number>;

export interface NumericSide {
  /** Present values. */
  count: number;
  missing: number;
  /** Exact; null without values. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** As `numpy.quantile(method="linear")` on the summarised values; null without values. */
  quantiles: Quantiles | null;
  /** True while the sketch holds every value: quantiles and bins are then exact. */
  exact: boolean;
}

export interface Histogram {
  /** Ascending; bins + 1 of them. */
  edges: number[];
  reference: number[];
  current: number[];
}

export interface NumericDistribution {
  reference: NumericSide;
  current: NumericSide;
  /** Null when neither side has a value. */
  bins: Histogram | null;
}

export function numericDistribution(
  reference: NumericSummary,
  current: NumericSummary,
  bins: number = MAX_BINS,
): NumericDistribution {
  const present = [reference, current].filter((s) => s.count > 0);
  const edges =
    present.length === 0
      ? null
      : histogramEdges(Math.min(...present.map((s) => s.min)), Math.max(...present.map((s) => s.max)), bins);
  return {
    reference: side(reference),
    current: side(current),
    bins: edges && {
      edges,
      reference: histogramCounts(reference.sketch.view(), edges),
      current: histogramCounts(current.sketch.view(), edges),
    },
  };
}

function side(summary: NumericSummary): NumericSide {
  const has = summary.count > 0;
  const quantiles = Object.fromEntries(
    Object.entries(DISTRIBUTION_QUANTILES).map(([name, q]) => [name, summary.quantile(q)]),
  ) as Quantiles;
  return {
    count: summary.count,
    missing: summary.nulls,
    min: has ? summary.min : null,
    max: has ? summary.max : null,
    mean: has ? summary.mean : null,
    quantiles: has ? quantiles : null,
    exact: summary.sketch.isExact,
  };
}

/**
 * `numpy.histogram_bin_edges(values, bins)` for values from lo to hi: `linspace(lo, hi, bins + 1)`,
 * computed as numpy does (lo + i·step, the last edge hi itself) so the edges are the same doubles;
 * a single value v gets (v − 0.5, v + 0.5) as numpy gives it. Two cases numpy does not cover:
 * a range wider than the largest double is cut as lo·(1 − t) + hi·t (t = i/bins), which cannot
 * overflow, and a value so large that ±0.5 does not move it gets one bin [v, v].
 */
export function histogramEdges(lo: number, hi: number, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  if (lo === hi) {
    if (lo - 0.5 === lo || hi + 0.5 === hi) return [lo, hi];
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins }, (_, i) =>
    Number.isFinite(step) ? lo + i * step : lo * (1 - i / bins) + hi * (i / bins),
  );
  edges.push(hi);
  return edges;
}

/**
 * Counts per bin [e_i, e_{i+1}), the last closed, from a view's cumulative weights: rounded at each
 * edge so that every bin is a whole non-negative number and they sum to the view's total. A value
 * outside the edges (there is none when they span the data) lands in the nearest end bin.
 */
export function histogramCounts(view: WeightedView, edges: readonly number[]): number[] {
  const counts: number[] = [];
  let previous = 0;
  for (let i = 1; i < edges.length - 1; i++) {
    const below = Math.round(weightBelow(view, edges[i]!));
    counts.push(below - previous);
    previous = below;
  }
  counts.push(Math.round(view.total) - previous);
  return counts;
}
