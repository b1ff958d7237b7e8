import type { ModelSpec } from '../../domain/model-spec.js';
import type { CategoricalColumn, ColumnFactories, Columns, NumericalColumn, RowsColumn } from './columns.js';
import { RawPerformance } from './performance-columns.js';

/**
 * Columns that keep what exact results need: every present numerical value (KS and
 * Wasserstein need them all; 8 bytes each), category counts (sufficient for every
 * categorical measure) with the values' order (a reference's learned band needs its chunks),
 * and every prediction.
 */
export class RawNumerical implements NumericalColumn {
  readonly values: number[] = [];
  missing = 0;

  add(value: number | null): void {
    if (value === null || Number.isNaN(value)) this.missing++;
    else this.values.push(value);
  }
}

export class RawCategorical implements CategoricalColumn {
  readonly counts = new Map<string, number>();
  /** The present values in row order, for a reference's learned band (8 bytes each). */
  readonly sequence: string[] = [];
  missing = 0;

  add(value: string | null): void {
    if (value === null) this.missing++;
    else {
      this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
      this.sequence.push(value);
    }
  }
}

/** Every row's numerical features (NaN when missing), for the reference's PCA and its chunks. */
export class RawRows implements RowsColumn {
  readonly rows: Float64Array[] = [];

  constructor(readonly names: readonly string[]) {}

  add(values: readonly (number | null)[]): void {
    this.rows.push(Float64Array.from(this.names, (_, i) => values[i] ?? Number.NaN));
  }
}

export type RawColumns = Columns<RawNumerical, RawCategorical, RawPerformance>;

export const rawColumnFactories: ColumnFactories<RawNumerical, RawCategorical, RawPerformance> = {
  numerical: () => new RawNumerical(),
  categorical: () => new RawCategorical(),
  performance: (spec: ModelSpec) => new RawPerformance(spec),
  multivariate: (names) => new RawRows(names),
};
