import { viewQuantile, weightAtOrBelow, type WeightedView } from './weighted-view.js';

/**
 * Two-sample measures between weighted views. On views of exact data they equal
 * the raw-data definitions of docs/statistics.md; on sketches they inherit the
 * sketch's rank error.
 */

/** Walks the union of both views' values in order, with each side's CDF (≤ x) there. */
function forEachStep(
  a: WeightedView,
  b: WeightedView,
  visit: (x: number, fa: number, fb: number, next: number) => void,
): void {
  let i = 0;
  let j = 0;
  let fa = 0;
  let fb = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i]! : Infinity;
    const vb = j < b.values.length ? b.values[j]! : Infinity;
    const x = Math.min(va, vb);
    if (va === x) fa = a.cumulative[i++]! / a.total;
    if (vb === x) fb = b.cumulative[j++]! / b.total;
    const na = i < a.values.length ? a.values[i]! : Infinity;
    const nb = j < b.values.length ? b.values[j]! : Infinity;
    visit(x, fa, fb, Math.min(na, nb));
  }
}

/** Kolmogorov-Smirnov D = sup |F_a(x) − F_b(x)|, as `scipy.stats.ks_2samp` computes it. */
export function ksDistance(a: WeightedView, b: WeightedView): number {
  if (a.total === 0 || b.total === 0) return Number.NaN;
  let d = 0;
  forEachStep(a, b, (_x, fa, fb) => {
    d = Math.max(d, Math.abs(fa - fb));
  });
  return d;
}

/**
 * W1 / 2 = ½ ∫ |F_a(x) − F_b(x)| dx, W1 as `scipy.stats.wasserstein_distance` computes it, halved
 * so that values ±1.8e308 apart cannot overflow it (normalizeWasserstein doubles it back).
 */
export function halfWasserstein1(a: WeightedView, b: WeightedView): number {
  if (a.total === 0 || b.total === 0) return Number.NaN;
  let w = 0;
  forEachStep(a, b, (x, fa, fb, next) => {
    if (next !== Infinity) w += Math.abs(fa - fb) * (next / 2 - x / 2);
  });
  return w;
}

/** Decile edges (0.1 … 0.9 quantiles, linear interpolation) with equal edges merged. */
export function viewDecileEdges(view: WeightedView): number[] {
  const edges: number[] = [];
  for (let d = 1; d <= 9; d++) {
    const e = viewQuantile(view, d / 10);
    if (edges.length === 0 || edges[edges.length - 1] !== e) edges.push(e);
  }
  return edges;
}

/**
 * Weight per bin for ascending edges, bins closed on the right as in
 * src/stats/drift/bins.ts: (−∞, e₁], (e₁, e₂], …, (e_k, ∞). A value on an edge
 * belongs to the bin that ends there, so a bin holds total·(F(e_i) − F(e_{i−1})).
 */
export function viewBinCounts(view: WeightedView, edges: readonly number[]): number[] {
  const counts: number[] = [];
  let previous = 0;
  for (const e of edges) {
    const below = weightAtOrBelow(view, e);
    counts.push(below - previous);
    previous = below;
  }
  counts.push(view.total - previous);
  return counts;
}
