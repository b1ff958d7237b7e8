/**
 * Which method a feature is judged by, with which threshold: docs/statistics.md,
 * following Evidently's default rule, decided once from the reference.
 */
import type { DriftMethod, FeatureType } from './types.js';

/** References up to this many rows get tests (KS, chi-square, z); larger ones distances. */
export const SMALL_REFERENCE_ROWS = 1000;
/** A numerical reference with at most this many distinct values is treated as discrete. */
export const DISCRETE_MAX_DISTINCT = 5;
export const DEFAULT_MIN_SAMPLES = 100;
/** Dataset drift when at least this share of evaluated features drifted. */
export const DATASET_DRIFT_SHARE = 0.5;

/** p-value methods drift when p < threshold; distances when the distance ≥ threshold. */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chiSquare', 'zTest']);

/**
 * Default thresholds (docs/statistics.md). lInfinity uses 0.1: a 10-point change in the
 * share of any one category (or bin), the same scale as the Jensen-Shannon and Hellinger defaults.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chiSquare: 0.05,
  zTest: 0.05,
  wasserstein: 0.1,
  jensenShannon: 0.1,
  hellinger: 0.1,
  psi: 0.2,
  lInfinity: 0.1,
};

/** Methods that need the values' order, so only numerical features can use them. */
const NUMERICAL_ONLY: ReadonlySet<DriftMethod> = new Set(['ks', 'wasserstein']);

export class UnsupportedMethodError extends RangeError {
  constructor(method: DriftMethod, type: FeatureType) {
    super(`drift method '${method}' cannot judge a ${type} feature`);
    this.name = 'UnsupportedMethodError';
  }
}

export interface ReferenceShape {
  type: FeatureType;
  /** Rows in the reference, missing values included (Evidently counts rows). */
  rows: number;
  /** Distinct present values (categories); only whether it is ≤ 5, or exactly 2, matters. */
  distinct: number;
}

/** Whether a feature is judged on values as categories: categorical, or numerical with ≤ 5 values. */
export function isDiscrete(shape: Pick<ReferenceShape, 'type' | 'distinct'>): boolean {
  return shape.type === 'categorical' || shape.distinct <= DISCRETE_MAX_DISTINCT;
}

/**
 * Evidently's rule: small reference → KS for continuous numerical features, otherwise
 * chi-square (z-test for exactly two values); large reference → normalized Wasserstein for
 * continuous numerical features, otherwise Jensen-Shannon.
 */
export function defaultMethod(shape: ReferenceShape): DriftMethod {
  const small = shape.rows <= SMALL_REFERENCE_ROWS;
  if (!isDiscrete(shape)) return small ? 'ks' : 'wasserstein';
  if (!small) return 'jensenShannon';
  return shape.distinct === 2 ? 'zTest' : 'chiSquare';
}

/** Throws UnsupportedMethodError when a method cannot judge the feature's type. */
export function assertMethodFits(method: DriftMethod, type: FeatureType): void {
  if (type === 'categorical' && NUMERICAL_ONLY.has(method)) throw new UnsupportedMethodError(method, type);
}

/** The verdict: p-value methods drift when p < threshold, distances when value ≥ threshold. */
export function isDrifted(
  method: DriftMethod,
  statistic: number,
  pValue: number | null,
  threshold: number,
): boolean {
  if (!P_VALUE_METHODS.has(method)) return statistic >= threshold;
  if (pValue === null) throw new RangeError(`method '${method}' needs a p-value`);
  return pValue < threshold;
}
