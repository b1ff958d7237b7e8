import { BinarySummary } from './binary-summary.js';
import { MulticlassSummary } from './multiclass-summary.js';
import type { RealizedPerformance } from './performance.schemas.js';
import type { RegressionSummary } from './regression-summary.js';

export type PerformanceSummary = BinarySummary | MulticlassSummary | RegressionSummary;

/**
 * Realized performance of a window: its metrics, how many predictions were labelled and
 * what share of all `predictions` in the window that is.
 */
export function realizedPerformance(summary: PerformanceSummary, predictions: number): RealizedPerformance {
  const labelled = summary.labelled;
  if (!Number.isSafeInteger(predictions) || predictions < labelled) {
    throw new RangeError(`${labelled} labelled pairs cannot come from ${predictions} predictions`);
  }
  const coverage = predictions > 0 ? labelled / predictions : null;
  if (summary instanceof BinarySummary) {
    return { task: 'binary_classification', labelled, coverage, metrics: summary.metrics() };
  }
  if (summary instanceof MulticlassSummary) {
    return { task: 'multiclass_classification', labelled, coverage, metrics: summary.metrics() };
  }
  return { task: 'regression', labelled, coverage, metrics: summary.metrics() };
}
