import type { FeatureDrift } from '../api/types.js';

const P_VALUE_METHODS = new Set(['ks', 'chiSquare', 'zTest']);

/**
 * How far a feature is past its threshold, on one scale for every method: a distance over its
 * threshold, or a p-value's threshold over the p-value (both > 1 past it).
 */
export function exceedance(f: FeatureDrift): number {
  if (f.statistic === null) return -1;
  if (P_VALUE_METHODS.has(f.method)) return f.pValue === null ? -1 : f.threshold / Math.max(f.pValue, 1e-300);
  return f.threshold > 0 ? f.statistic / f.threshold : f.statistic;
}

/** Worst first: drifted features, then by how far past the threshold, then by name. */
export function worstFirst(features: FeatureDrift[]): FeatureDrift[] {
  const rank = (f: FeatureDrift) => (f.drifted ? 0 : f.drifted === false ? 1 : 2);
  return features
    .slice()
    .sort((a, b) => rank(a) - rank(b) || exceedance(b) - exceedance(a) || a.name.localeCompare(b.name));
}
