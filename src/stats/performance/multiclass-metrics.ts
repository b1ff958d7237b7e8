import { MulticlassSummary } from './multiclass-summary.js';
import { foldPairs } from './pairs.js';
import type { MulticlassMetrics } from './performance.schemas.js';

/** Multiclass metrics from labelled pairs (class names), through the exact confusion counts. */
export function multiclassMetrics(
  actual: readonly string[],
  predicted: readonly string[],
): MulticlassMetrics {
  return foldPairs(new MulticlassSummary(), actual, predicted).metrics();
}
