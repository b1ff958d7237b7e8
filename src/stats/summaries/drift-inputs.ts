import { normalizeWasserstein } from '../drift/numerical.js';
import type { NumericSummary } from './numeric-summary.js';
import { ksDistance, viewBinCounts, viewDecileEdges, halfWasserstein1 } from './view-measures.js';

/**
 * Drift inputs from a reference summary and a window summary, as docs/statistics.md
 * defines them on raw values. PSI, Jensen-Shannon and Hellinger
 * follow from `binProportions` and distances.ts; the p-values from the test code.
 */

export interface KsInputs {
  /** D = sup |F_ref(x) − F_win(x)|. */
  statistic: number;
  /** Reference and window sizes, for the asymptotic p-value. */
  n: number;
  m: number;
}

export function ksFromSummaries(reference: NumericSummary, window: NumericSummary): KsInputs {
  return {
    statistic: ksDistance(reference.sketch.view(), window.sketch.view()),
    n: reference.count,
    m: window.count,
  };
}

/** W1(ref, win) / max(std(ref, ddof=0), 0.001); the std comes from the summary's moments, exactly. */
export function wassersteinNormalizedFromSummaries(
  reference: NumericSummary,
  window: NumericSummary,
): number {
  return normalizeWasserstein(halfWasserstein1(reference.sketch.view(), window.sketch.view()), reference.std);
}

/** The reference's deciles (0.1 … 0.9, linear interpolation), equal edges merged. */
export function decileEdgesFromSummary(reference: NumericSummary): number[] {
  return viewDecileEdges(reference.sketch.view());
}

/** Counts per bin for the edges (see viewBinCounts for which side an edge falls). */
export function binCountsFromSummary(summary: NumericSummary, edges: readonly number[]): number[] {
  return viewBinCounts(summary.sketch.view(), edges);
}

/** Shares per bin; all zero for an empty summary. */
export function binProportionsFromSummary(summary: NumericSummary, edges: readonly number[]): number[] {
  const counts = binCountsFromSummary(summary, edges);
  const total = summary.count;
  return counts.map((c) => (total > 0 ? c / total : 0));
}
