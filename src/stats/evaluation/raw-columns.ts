import type { ModelSpec } from '../../modules/models/models.schemas.js';
import type { CategoricalColumn, ColumnFactories, Columns, NumericalColumn } from './columns.js';
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

export type RawColumns = Columns<RawNumerical, RawCategorical, RawPerformance>;

export const rawColumnFactories: ColumnFactories<RawNumerical, RawCategorical, RawPerformance> = {
  numerical: () => new RawNumerical(),
  categorical: () => new RawCategorical(),
  performance: (spec: ModelSpec) => new RawPerformance(spec),
};
