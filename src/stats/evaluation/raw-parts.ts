import type { ModelSpec } from '../../domain/model-spec.js';
import type {
  CategoricalPart,
  NumericalPart,
  PartFactories,
  PairsPart,
  RowsPart,
  ScoresPart,
  Traffic,
} from '../core/traffic.js';

/**
 * Parts that keep what exact results need, filled by the core's one fold (src/stats/core
 * traffic.ts): every present numerical value (KS and Wasserstein need them all; 8 bytes each),
 * category counts (sufficient for every categorical measure) with the values' order (a
 * reference's learned band needs its chunks), every scored prediction and every labelled pair.
 */
export class RawNumerical implements NumericalPart {
  readonly values: number[] = [];
  missing = 0;

  add(value: number | null): void {
    if (value === null || Number.isNaN(value)) this.missing++;
    else this.values.push(value);
  }
}

export class RawCategorical implements CategoricalPart {
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
export class RawRows implements RowsPart {
  readonly rows: Float64Array[] = [];

  constructor(readonly names: readonly string[]) {}

  add(values: readonly (number | null)[]): void {
    this.rows.push(Float64Array.from(this.names, (_, i) => values[i] ?? Number.NaN));
  }
}

/** Binary models: every scored prediction and its decision, for CBPE. */
export class RawScores implements ScoresPart {
  readonly scores: number[] = [];
  readonly decisions: boolean[] = [];

  add(score: number, decision: boolean): void {
    this.scores.push(score);
    this.decisions.push(decision);
  }
}

/**
 * Every labelled pair: binary (is each the positive class, and the score), multiclass labels
 * or regression values, as the core's ReadPair holds them.
 */
export class RawPairs implements PairsPart {
  readonly actual: (boolean | string | number)[] = [];
  readonly predicted: (boolean | string | number)[] = [];
  /** Binary models: each pair's score, null when it had none. */
  readonly scores: (number | null)[] = [];

  constructor(readonly spec: ModelSpec) {}

  add(actual: boolean | string | number, predicted: boolean | string | number, score?: number): void {
    this.actual.push(actual);
    this.predicted.push(predicted);
    this.scores.push(score ?? null);
  }
}

export type RawTraffic = Traffic<RawNumerical, RawCategorical, RawRows, RawScores, RawPairs>;

export const rawParts: PartFactories<RawNumerical, RawCategorical, RawRows, RawScores, RawPairs> = {
  numerical: () => new RawNumerical(),
  categorical: () => new RawCategorical(),
  rows: (names) => new RawRows(names),
  scores: () => new RawScores(),
  pairs: (spec) => new RawPairs(spec),
};
