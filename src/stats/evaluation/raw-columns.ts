import type { ModelSpec } from '../../modules/models/models.schemas.js';
import type { CategoricalColumn, ColumnFactories, Columns, NumericalColumn } from './columns.js';
import { RawPerformance } from './performance-columns.js';

/**
 * Columns that keep what exact results need: every present numerical value (KS and
 * Wasserstein need them all; 8 bytes each), category counts (sufficient for every
 * categorical measure, so exact without keeping the strings), and every prediction.
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
  missing = 0;

  add(value: string | null): void {
    if (value === null) this.missing++;
    else this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
}

export type RawColumns = Columns<RawNumerical, RawCategorical, RawPerformance>;

export const rawColumnFactories: ColumnFactories<RawNumerical, RawCategorical, RawPerformance> = {
  numerical: () => new RawNumerical(),
  categorical: () => new RawCategorical(),
  performance: (spec: ModelSpec) => new RawPerformance(spec),
};
