/**
 * Drift of features given as raw columns, through the exact evaluation that `modelwatch report`
 * runs (evaluateFromValues): the columns become the rows of a regression model with these
 * features and no predictions, so the evaluation holds only feature drift and data quality.
 * `{ alpha: 1 }` gives the fixed-threshold verdict that published examples state.
 */
import { modelSpecSchema, type FeatureSpec } from '../../src/domain/model-spec.js';
import type { FeatureDrift } from '../../src/stats/drift/types.js';
import type { RawCategory } from '../../src/stats/drift/values.js';
import type { EvaluationOptions } from '../../src/stats/evaluation/evaluate.js';
import type { Evaluation } from '../../src/stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../src/stats/evaluation/raw-backend.js';
import { rawParts, type RawTraffic } from '../../src/stats/evaluation/raw-parts.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import { emptyTraffic, foldEventRow } from '../../src/stats/core/traffic.js';

export type FeatureInput = Pick<FeatureSpec, 'name' | 'type' | 'drift'>;

/** One column of raw values per feature name; a feature without one has only missing values. */
export type RawTable = Readonly<Record<string, readonly RawCategory[]>>;

/**
 * Row i holds each column's i-th value; a column shorter than the longest is missing in the
 * rows past its end. As a file reader types cells: in a numerical column anything but a
 * number is missing; in a categorical one a value is its category `String(value)`, and null
 * or NaN is missing.
 */
export function evaluateRawColumns(
  features: readonly FeatureInput[],
  reference: RawTable,
  current: RawTable,
  options: EvaluationOptions = {},
): Evaluation {
  const spec = modelSpecSchema.parse({ name: 'raw columns', task: 'regression', features });
  const fold = (table: RawTable): RawTraffic => {
    const columns = emptyTraffic(spec, rawParts);
    const length = Math.max(0, ...features.map((f) => table[f.name]?.length ?? 0));
    for (let i = 0; i < length; i++) {
      const values = features.map((f) => typed(f, table[f.name]?.[i] ?? null));
      foldEventRow(spec, columns, rowOf(values));
    }
    return columns;
  };
  return evaluateFromValues(spec, fold(reference), fold(current), options);
}

/** The drift result of a single feature, evaluated alone. */
export function rawFeatureDrift(
  feature: FeatureInput,
  reference: readonly RawCategory[],
  current: readonly RawCategory[],
  options: EvaluationOptions = {},
): FeatureDrift {
  const evaluation = evaluateRawColumns(
    [feature],
    { [feature.name]: reference },
    { [feature.name]: current },
    options,
  );
  return evaluation.features[0]!;
}

function typed(feature: FeatureInput, value: RawCategory): number | string | null {
  if (feature.type === 'numerical') return typeof value === 'number' ? value : null;
  return value === null || Number.isNaN(value) ? null : String(value);
}

function rowOf(features: (number | string | null)[]): TypedRow {
  return { features, prediction: null, score: null, scores: null, actual: null };
}
