/**
 * What is decided once from the reference of a feature: its size, how many distinct values
 * it has, and for numerical features the bins (docs/statistics.md#default-method: the default method is chosen from
 * the reference so a feature's time series never switches method).
 */
import { decileEdgesSorted } from './bins.js';
import { DISCRETE_MAX_DISTINCT, isDiscrete } from './methods.js';
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
  return {
    type: 'numerical',
    rows: values.length,
    present: sorted.length,
    distinct,
    discrete,
    edges: discrete ? distinctValues : decileEdgesSorted(sorted),
  };
}

export function categoricalProfile(rows: number, counts: ReadonlyMap<string, number>): ReferenceProfile {
  let present = 0;
  for (const c of counts.values()) present += c;
  return { type: 'categorical', rows, present, distinct: counts.size, discrete: true, edges: [] };
}
