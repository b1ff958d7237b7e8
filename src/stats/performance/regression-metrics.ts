import { foldPairs } from './pairs.js';
import type { RegressionMetrics } from './performance.schemas.js';
import { RegressionSummary } from './regression-summary.js';

/** Regression metrics from labelled pairs, through the same exact sums as the tiles. */
export function regressionMetrics(
  actual: readonly number[],
  predicted: readonly number[],
): RegressionMetrics {
  return foldPairs(new RegressionSummary(), actual, predicted).metrics();
}
