/**
 * Confidence intervals of realized and estimated performance (docs/statistics.md#uncertainty-of-performance):
 * Wilson's score interval for a share, DeLong's for ROC AUC, the normal one for a mean.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { ScoreGroup } from './roc-auc.js';

/** The level every reported interval has. */
export const CONFIDENCE = 0.95;

export interface Interval {
  low: number;
  high: number;
  /** The estimate's standard error, for intervals at another level (value ± z·se). */
  standardError: number;
}

/** The z of the reported intervals. */
export const Z = twoSidedZ(CONFIDENCE);

/** The two-sided normal quantile for a confidence level (1.959964 for 0.95). */
export function twoSidedZ(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/** Wilson's score interval for `successes` of `n`; null without trials. */
export function wilson(successes: number, n: number, z: number): Interval | null {
  if (!(n > 0)) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: Math.max(0, centre - half),
    high: Math.min(1, centre + half),
    standardError: Math.sqrt((p * (1 - p)) / n),
  };
}

/** value ± z·se, clipped to [min, max]; null without a standard error. */
export function normalInterval(
  value: number | null,
  se: number | null,
  z: number,
  [min, max] = [-Infinity, Infinity],
): Interval | null {
  if (value === null || se === null || !Number.isFinite(se)) return null;
  return { low: Math.max(min, value - z * se), high: Math.min(max, value + z * se), standardError: se };
}

/**
 * DeLong's variance of the ROC AUC from score groups in ascending order (ties one half):
 * with V₁₀ of a positive the share of negatives it outscores and V₀₁ of a negative the share
 * of positives that outscore it, Var = S₁₀/m + S₀₁/n, S the sample variances (DeLong, DeLong &
 * Clarke-Pearson 1988). Null with fewer than two of either class.
 */
export function delongVariance(groups: readonly ScoreGroup[]): number | null {
  let positives = 0;
  let negatives = 0;
  for (const g of groups) {
    positives += g.positive;
    negatives += g.negative;
  }
  if (positives < 2 || negatives < 2) return null;
  // V₁₀ of the positives in a group: negatives below plus half the negatives tied.
  const v10: [number, number][] = [];
  const v01: [number, number][] = [];
  let negativesBelow = 0;
  let positivesAbove = positives;
  for (const g of groups) {
    positivesAbove -= g.positive;
    if (g.positive > 0) v10.push([(negativesBelow + g.negative / 2) / negatives, g.positive]);
    if (g.negative > 0) v01.push([(positivesAbove + g.positive / 2) / positives, g.negative]);
    negativesBelow += g.negative;
  }
  return sampleVariance(v10, positives) / positives + sampleVariance(v01, negatives) / negatives;
}

/** The variance (n − 1 denominator) of values given with their counts. */
function sampleVariance(weighted: readonly [number, number][], n: number): number {
  let mean = 0;
  for (const [v, w] of weighted) mean += v * w;
  mean /= n;
  let squares = 0;
  for (const [v, w] of weighted) squares += w * (v - mean) ** 2;
  return squares / (n - 1);
}
