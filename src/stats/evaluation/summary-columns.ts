import type { ModelSpec } from '../../domain/model-spec.js';
import { CategoricalSummary } from '../summaries/categorical-summary.js';
import { CoMoments } from '../multivariate/comoments.js';
import { NumericSummary } from '../summaries/numeric-summary.js';
import type { ColumnFactories, Columns } from './columns.js';
import { SummaryPerformance } from './performance-columns.js';

/**
 * Columns as tiles hold them: mergeable, bounded summaries (src/stats/summaries for features,
 * src/stats/performance and src/stats/cbpe for predictions and outcomes).
 */
export type SummaryColumns = Columns<NumericSummary, CategoricalSummary, SummaryPerformance>;

export const summaryColumnFactories: ColumnFactories<NumericSummary, CategoricalSummary, SummaryPerformance> =
  {
    numerical: () => new NumericSummary(),
    categorical: () => new CategoricalSummary(),
    performance: (spec: ModelSpec) => new SummaryPerformance(spec),
    multivariate: (names) => new CoMoments(names),
  };

/** Merges one window's (or tile's) summary columns into another's. */
export function mergeSummaryColumns(into: SummaryColumns, from: SummaryColumns): void {
  into.rows += from.rows;
  into.rejected += from.rejected;
  into.predictions += from.predictions;
  into.features.forEach((column, i) => mergeColumn(column, from.features[i]!));
  mergeColumn(into.prediction, from.prediction);
  into.score.merge(from.score);
  into.performance.merge(from.performance);
  if (into.multivariate instanceof CoMoments && from.multivariate instanceof CoMoments) {
    into.multivariate.merge(from.multivariate);
  } else throw new TypeError('summary columns without co-moments');
}

function mergeColumn(
  into: NumericSummary | CategoricalSummary,
  from: NumericSummary | CategoricalSummary,
): void {
  if (into instanceof NumericSummary && from instanceof NumericSummary) into.merge(from);
  else if (into instanceof CategoricalSummary && from instanceof CategoricalSummary) into.merge(from);
  else throw new TypeError('summary columns of different types');
}
