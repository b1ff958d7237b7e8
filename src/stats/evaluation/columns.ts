import { binaryScore } from '../core/event-values.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import { multivariateNames } from '../multivariate/names.js';
import { isRejected, numericTargets, type TypedRow } from '../core/typed-row.js';

/**
 * A window (or a reference) as columns: one per feature, one for the prediction, one for the
 * binary score, and one for performance. The same fold fills raw columns (every value kept, for
 * exact results) or summaries (mergeable, bounded, as tiles hold them): only the column
 * factories differ, so the two paths cannot disagree about what goes where.
 */
export interface NumericalColumn {
  add(value: number | null): void;
}

export interface CategoricalColumn {
  add(value: string | null): void;
}

/**
 * Every prediction, with its outcome when known (realized performance) and, for binary models,
 * its score (ROC AUC, log loss, and CBPE's estimate for unlabelled predictions).
 */
export interface PerformanceColumn {
  add(predicted: string | number, actual: string | number | null, score: number | null): void;
}

/**
 * The numerical features of a row together (multivariate drift: raw rows, or their co-moments),
 * in multivariateNames order; a value is null when missing or not a number.
 */
export interface RowsColumn {
  add(values: readonly (number | null)[]): void;
}

export interface ColumnFactories<
  N extends NumericalColumn,
  C extends CategoricalColumn,
  P extends PerformanceColumn,
> {
  numerical(): N;
  categorical(): C;
  performance(spec: ModelSpec): P;
  multivariate(names: readonly string[]): RowsColumn;
}

export interface Columns<N, C, P> {
  /** Rows folded in (rejected rows excluded). */
  rows: number;
  /** Rows rejected by schema validation (a required feature missing). */
  rejected: number;
  /** One column per spec feature, in spec order. */
  features: (N | C)[];
  /** Rows that carry a prediction (or, for binary models, a score). */
  predictions: number;
  /** The predicted class (categorical) or value (regression, numerical). */
  prediction: N | C;
  /** Binary models: the score of the positive class. */
  score: N;
  performance: P;
  /** The numerical features together, for multivariate drift. */
  multivariate: RowsColumn;
}

export function createColumns<
  N extends NumericalColumn,
  C extends CategoricalColumn,
  P extends PerformanceColumn,
>(spec: ModelSpec, make: ColumnFactories<N, C, P>): Columns<N, C, P> {
  return {
    rows: 0,
    rejected: 0,
    features: spec.features.map((f) => (f.type === 'numerical' ? make.numerical() : make.categorical())),
    predictions: 0,
    prediction: numericTargets(spec) ? make.numerical() : make.categorical(),
    score: make.numerical(),
    performance: make.performance(spec),
    multivariate: make.multivariate(multivariateNames(spec)),
  };
}

/** Folds one row into the columns. */
export function foldRow<N extends NumericalColumn, C extends CategoricalColumn, P extends PerformanceColumn>(
  spec: ModelSpec,
  columns: Columns<N, C, P>,
  row: TypedRow,
): void {
  if (isRejected(spec, row)) {
    columns.rejected++;
    return;
  }
  columns.rows++;
  const { features } = spec;
  for (let i = 0; i < features.length; i++) {
    (columns.features[i] as NumericalColumn & CategoricalColumn).add(row.features[i] as never);
  }
  columns.multivariate.add(multivariateValues(spec, row));
  const score = binaryScore(spec, row);
  const predicted = predictedTarget(spec, row, score);
  if (predicted !== null) {
    columns.predictions++;
    (columns.prediction as NumericalColumn & CategoricalColumn).add(predicted as never);
  }
  if (spec.task === 'binary_classification') columns.score.add(score);
  if (predicted !== null) columns.performance.add(predicted, row.actual, score);
}

/** A row's numerical features, in multivariateNames order. */
function multivariateValues(spec: ModelSpec, row: TypedRow): (number | null)[] {
  const values: (number | null)[] = [];
  spec.features.forEach((f, i) => {
    const v = row.features[i];
    if (f.type === 'numerical') values.push(typeof v === 'number' ? v : null);
  });
  return values;
}

/** The prediction, or for a binary model without one, its score against the decision threshold. */
function predictedTarget(spec: ModelSpec, row: TypedRow, score: number | null): string | number | null {
  if (row.prediction !== null) return row.prediction;
  if (spec.task === 'binary_classification' && score !== null) {
    return score >= spec.decisionThreshold ? String(spec.positiveClass) : negativeLabel(spec.positiveClass);
  }
  return null;
}

/** A label that is not the positive class: binary pairs only ask "positive or not". */
function negativeLabel(positive: string | number): string {
  return `not ${String(positive)}`;
}
