import { BinarySummary } from './binary-summary.js';
import { CONFIDENCE, delongVariance, normalInterval, wilson, Z, type Interval } from './intervals.js';
import { MulticlassSummary } from './multiclass-summary.js';
import type { RealizedPerformance, RegressionMetrics } from './performance.schemas.js';
import type { RegressionSummary } from './regression-summary.js';

export type PerformanceSummary = BinarySummary | MulticlassSummary | RegressionSummary;

/**
 * Realized performance of a window: its metrics with their confidence intervals, how many
 * predictions were labelled and what share of all `predictions` in the window that is.
 */
export function realizedPerformance(summary: PerformanceSummary, predictions: number): RealizedPerformance {
  const labelled = summary.labelled;
  if (!Number.isSafeInteger(predictions) || predictions < labelled) {
    throw new RangeError(`${labelled} labelled pairs cannot come from ${predictions} predictions`);
  }
  const coverage = predictions > 0 ? labelled / predictions : null;
  const confidence = CONFIDENCE;
  if (summary instanceof BinarySummary) {
    const metrics = summary.metrics();
    const { tp, fp, fn, tn } = summary.confusion;
    const variance = delongVariance(summary.scoreGroups());
    const intervals = {
      confidence,
      accuracy: wilson(tp + tn, labelled, Z),
      precision: wilson(tp, tp + fp, Z),
      recall: wilson(tp, tp + fn, Z),
      rocAuc: normalInterval(metrics.rocAuc, variance === null ? null : Math.sqrt(variance), Z, [0, 1]),
    };
    return { task: 'binary_classification', labelled, coverage, metrics, intervals };
  }
  if (summary instanceof MulticlassSummary) {
    const metrics = summary.metrics();
    const correct = metrics.accuracy === null ? 0 : Math.round(metrics.accuracy * labelled);
    const intervals = { confidence, accuracy: wilson(correct, labelled, Z) };
    return { task: 'multiclass_classification', labelled, coverage, metrics, intervals };
  }
  const metrics = summary.metrics();
  const intervals = { confidence, mae: maeInterval(metrics, labelled) };
  return { task: 'regression', labelled, coverage, metrics, intervals };
}

/** MAE ± z·s/√n, s² = (MSE − MAE²)·n/(n − 1) the sample variance of |error|. */
function maeInterval({ mae, rmse }: RegressionMetrics, n: number): Interval | null {
  if (mae === null || rmse === null || n < 2) return null;
  const variance = (Math.max(0, rmse * rmse - mae * mae) * n) / (n - 1);
  return normalInterval(mae, Math.sqrt(variance / n), Z, [0, Infinity]);
}
