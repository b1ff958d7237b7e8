/**
 * What is decided once from the reference of a feature: its size, how many distinct values
 * it has, and for numerical features the bins (docs/statistics.md#default-method: the default method is chosen from
 * the reference so a feature's time series never switches method).
 */
import { binCounts, decileEdgesSorted, quantileSorted } from './bins.js';
import { categoricalBand, numericalBand, type LearnedBand } from './learned-band.js';
import { DISCRETE_MAX_DISTINCT, isDiscrete } from './methods.js';
import type { NullModel } from './null-model.js';
import { populationStd, WASSERSTEIN_MIN_STD } from './numerical.js';
import { wassersteinNull } from './wasserstein-null.js';
import type { FeatureType } from './types.js';
import { sortedPresent, type RawNumber } from './values.js';

export interface ReferenceProfile {
  type: FeatureType;
  /** Reference rows, missing values included. */
  rows: number;
  /** Present (non-missing) reference values. */
  present: number;
  /** Distinct present values; counted up to DISCRETE_MAX_DISTINCT + 1 for numerical features. */
  distinct: number;
  /** Judged on values as categories (categorical, or numerical with ≤ 5 distinct values). */
  discrete: boolean;
  /**
   * Numerical features: inner bin edges. Continuous: the reference deciles. Discrete: every
   * distinct reference value, so each has its own bin (−∞, v₁], (v₁, v₂], … and window
   * values above the largest fall in (v_k, +∞). Empty for categorical features.
   */
  edges: number[];
  /** How large each statistic gets by chance against this reference (null-model.ts). */
  noise: NullModel;
  /** Distances' σ-bands over 30 reference chunks (learned-band.ts); null when too small or unknown. */
  band: LearnedBand | null;
}

export function numericalProfile(values: readonly RawNumber[]): ReferenceProfile {
  const sorted = sortedPresent(values);
  const distinctValues: number[] = [];
  for (const v of sorted) {
    if (distinctValues[distinctValues.length - 1] !== v) distinctValues.push(v);
    if (distinctValues.length > DISCRETE_MAX_DISTINCT) break;
  }
  const distinct = distinctValues.length;
  const discrete = isDiscrete({ type: 'numerical', distinct });
  const edges = discrete ? distinctValues : decileEdgesSorted(sorted);
  const noise: NullModel = {
    count: sorted.length,
    shares: sharesOf(binCounts(sorted, edges)),
    wasserstein:
      sorted.length === 0
        ? null
        : wassersteinNull(
            (u) => quantileSorted(sorted, u),
            Math.max(populationStd(sorted), WASSERSTEIN_MIN_STD),
          ),
  };
  const profile = {
    type: 'numerical' as const,
    rows: values.length,
    present: sorted.length,
    distinct,
    discrete,
  };
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  return { ...profile, edges, noise, band: numericalBand(present, { ...profile, edges, noise, band: null }) };
}

/** With the present values in reference order (`sequence`), the profile has a learned band. */
export function categoricalProfile(
  rows: number,
  counts: ReadonlyMap<string, number>,
  sequence?: readonly string[],
): ReferenceProfile {
  const present = [...counts.values()].reduce((s, c) => s + c, 0);
  const noise = { count: present, shares: sharesOf([...counts.values()]), wasserstein: null };
  const band = sequence === undefined ? null : categoricalBand(sequence, counts);
  return {
    type: 'categorical',
    rows,
    present,
    distinct: counts.size,
    discrete: true,
    edges: [],
    noise,
    band,
  };
}

/** The share of each non-empty bin. */
export function sharesOf(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.filter((c) => c > 0).map((c) => c / total);
}
