import { MulticlassSummary } from './multiclass-summary.js';
import type { MulticlassMetrics } from './performance.schemas.js';

/** Multiclass metrics from labelled pairs (class names), through the exact confusion counts. */
export function multiclassMetrics(actual: readonly string[], predicted: readonly string[]): MulticlassMetrics {
  if (actual.length !== predicted.length) throw new RangeError('actual and predicted differ in length');
  const summary = new MulticlassSummary();
  actual.forEach((a, i) => summary.add(a, predicted[i]!));
  return summary.metrics();
}
