import { quantileSorted } from '../drift/bins.js';
import { foldPairs } from './pairs.js';
import type { RegressionMetrics } from './performance.schemas.js';
import { RegressionSummary } from './regression-summary.js';

/**
 * Regression metrics from labelled pairs. The sums are the tiles' (one definition of each
 * number); the absolute-error quantiles come from all the sorted errors, so they are exact
 * where a tile's sketch, past 1024 distinct errors, is not.
 */
export function regressionMetrics(
  actual: readonly number[],
  predicted: readonly number[],
): RegressionMetrics {
  const metrics = foldPairs(new RegressionSummary(), actual, predicted).metrics();
  if (actual.length === 0) return metrics;
  // An error beyond the double range (1e308 − (−1e308)) counts as the largest double, as in the
  // tiles' error sketch (regression-summary.ts).
  const errors = Float64Array.from(actual, (a, i) =>
    Math.min(Math.abs(predicted[i]! - a), Number.MAX_VALUE),
  ).sort();
  return {
    ...metrics,
    medianAbsoluteError: quantileSorted(errors, 0.5),
    p90AbsoluteError: quantileSorted(errors, 0.9),
  };
}
