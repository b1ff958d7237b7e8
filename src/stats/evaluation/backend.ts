import type { ReferenceProfile } from '../drift/profile.js';
import type { DriftMethod, NumericalMeasures } from '../drift/types.js';
import type { ValueRange } from '../quality/quality.js';
import type { ReconstructionModel } from '../multivariate/reconstruction.js';
import type { CategoricalPart, NumericalPart, RowsPart } from '../core/traffic.js';

/**
 * What differs between evaluating from raw values and from summaries: how a numerical
 * column is profiled, measured and range-checked. Categorical columns are category counts
 * in both (exact either way), so they need only their counts.
 */
export interface MeasureBackend<N extends NumericalPart, C extends CategoricalPart> {
  computedFrom: 'values' | 'summaries';
  /** Present (non-missing) values in a column. */
  present(column: N | C): number;
  missing(column: N | C): number;
  /** The reference profile of a numerical column of `rows` rows (missing included). */
  numericalProfile(column: N): ReferenceProfile;
  /** Smallest and largest present value; null when the column is empty. */
  range(column: N): ValueRange | null;
  numericalMeasures(ref: N, cur: N, profile: ReferenceProfile, method: DriftMethod): NumericalMeasures;
  /** Present values of a window column outside a reference range; approximate when estimated. */
  outOfRange(column: N, range: ValueRange | null): { count: number; approximate: boolean };
  categoryCounts(column: C): ReadonlyMap<string, number>;
  /** A categorical column's present values in row order, where kept (raw columns). */
  categorySequence?(column: C): readonly string[];
  /** The reference's PCA for multivariate drift; null where it cannot be fitted (too few rows, summaries). */
  multivariateModel(column: RowsPart): ReconstructionModel | null;
  /** A window's mean reconstruction error and the rows it is over. */
  multivariateError(model: ReconstructionModel, column: RowsPart): { rows: number; error: number | null };
}
