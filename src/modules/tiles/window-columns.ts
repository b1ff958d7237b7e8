import { SummaryPerformance } from '../../stats/evaluation/performance-columns.js';
import type { SummaryColumns } from '../../stats/evaluation/summary-columns.js';
import { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import { mergeSummary } from './tile-codec.js';
import type { WindowSummary } from './window-summary.js';

/**
 * A window read from tiles as the columns src/stats/evaluation evaluates
 * (`evaluateFromSummaries`, `referenceFromSummaries`), the same shape `modelwatch report --sketch`
 * folds rows into. Every event in a tile carries a prediction (ingest requires one).
 */
export function toSummaryColumns(window: WindowSummary): SummaryColumns {
  const performance = new SummaryPerformance(window.spec);
  mergeSummary(performance.summary, window.performance);
  if (performance.cbpe && window.cbpe) performance.cbpe.merge(window.cbpe);
  return {
    rows: window.events,
    rejected: window.rejected,
    features: window.features.map((f) => f.summary),
    predictions: window.prediction.count,
    prediction: window.prediction,
    score: window.score ?? new NumericSummary(),
    performance,
    multivariate: window.multivariate,
  };
}
