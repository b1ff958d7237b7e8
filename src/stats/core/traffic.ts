import type { ModelSpec } from '../../domain/model-spec.js';
import { multivariateNames } from '../multivariate/names.js';
import { ValueSum } from '../summaries/value-sum.js';
import { readRow, type EventRow, type ReadEvent, type ReadPair } from './read.js';

/**
 * What one slice of one model's traffic in one span summarises into (docs/adr/0003-summary-core.md
 * §1), generic over its parts: summaries (TrafficSummary, as tiles keep them) or raw values (the
 * exact path, the oracle of the parity tests). The fold below is the only place an event's values
 * are dispatched to parts, so the two cannot disagree about what goes where.
 */

export interface NumericalPart {
  add(value: number | null): void;
}

export interface CategoricalPart {
  add(value: string | null): void;
}

/** The numerical features together, in multivariateNames order (multivariate drift). */
export interface RowsPart {
  add(values: readonly (number | null)[]): void;
}

/** Binary models: every scored prediction with its decision (CBPE). */
export interface ScoresPart {
  add(score: number, decision: boolean): void;
}

/**
 * Labelled pairs: binary (actual positive, predicted positive, score), multiclass (labels) or
 * regression (numbers), as ReadPair's outcome holds them.
 */
export interface PairsPart {
  add(actual: never, predicted: never, score?: number): unknown;
}

export interface PartFactories<
  N extends NumericalPart,
  C extends CategoricalPart,
  R extends RowsPart,
  S extends ScoresPart,
  P extends PairsPart,
> {
  numerical(): N;
  categorical(): C;
  rows(names: readonly string[]): R;
  scores(): S;
  pairs(spec: ModelSpec): P;
}

export interface Traffic<
  N extends NumericalPart = NumericalPart,
  C extends CategoricalPart = CategoricalPart,
  R extends RowsPart = RowsPart,
  S extends ScoresPart = ScoresPart,
  P extends PairsPart = PairsPart,
> {
  /** Prediction events folded in (rejected ones excluded). */
  events: number;
  /** Events rejected by validation: typed rows missing a required feature; for tiles, ingest's count. */
  rejected: number;
  /** One per spec feature, in spec order. */
  features: (N | C)[];
  /** The predicted class (categorical) or value (regression, numerical), where there is one. */
  prediction: N | C;
  /** Binary models: the positive-class score (empty for other tasks). */
  score: N;
  /** Binary models: CBPE's scored predictions; null for other tasks. */
  cbpe: S | null;
  comoments: R;
  performance: P;
  /** Labelled pairs folded into `performance`. */
  pairs: number;
  value: ValueSum;
  /** Labelled pairs that carried a business value. */
  valued: number;
}

export function emptyTraffic<
  N extends NumericalPart,
  C extends CategoricalPart,
  R extends RowsPart,
  S extends ScoresPart,
  P extends PairsPart,
>(spec: ModelSpec, make: PartFactories<N, C, R, S, P>): Traffic<N, C, R, S, P> {
  return {
    events: 0,
    rejected: 0,
    features: spec.features.map((f) => (f.type === 'numerical' ? make.numerical() : make.categorical())),
    prediction: spec.task === 'regression' ? make.numerical() : make.categorical(),
    score: make.numerical(),
    cbpe: spec.task === 'binary_classification' ? make.scores() : null,
    comoments: make.rows(multivariateNames(spec)),
    performance: make.pairs(spec),
    pairs: 0,
    value: new ValueSum(),
    valued: 0,
  };
}

/** Folds one prediction event. */
export function foldEvent(spec: ModelSpec, traffic: Traffic, event: ReadEvent): void {
  if (event.rejected) {
    traffic.rejected++;
    return;
  }
  traffic.events++;
  const numbers: (number | null)[] = [];
  const { features } = spec;
  for (let i = 0; i < features.length; i++) {
    const value = event.features[i] ?? null;
    (traffic.features[i] as NumericalPart & CategoricalPart).add(value as never);
    if (features[i]!.type === 'numerical') numbers.push(value as number | null);
  }
  traffic.comoments.add(numbers);
  if (event.predicted !== null) {
    (traffic.prediction as NumericalPart & CategoricalPart).add(event.predicted as never);
  }
  if (spec.task === 'binary_classification') {
    traffic.score.add(event.score);
    if (event.score !== null) traffic.cbpe?.add(event.score, event.decision);
  }
}

/** Folds one labelled pair; false when its outcome cannot be summarised (its value still counts). */
export function foldPair(traffic: Traffic, pair: ReadPair): boolean {
  if (pair.value !== null) {
    traffic.value.add(pair.value);
    traffic.valued++;
  }
  const { outcome } = pair;
  if (outcome === null) return false;
  const [actual, predicted] = [outcome.actual as never, outcome.predicted as never];
  // Only binary pairs carry a score (a multiclass summary's third argument is a count).
  if (outcome.score === null) traffic.performance.add(actual, predicted);
  else traffic.performance.add(actual, predicted, outcome.score);
  traffic.pairs++;
  return true;
}

/** A row (read.ts EventRow): its event and, when it carries an outcome and is not rejected, its pair. */
export function foldEventRow(spec: ModelSpec, traffic: Traffic, row: EventRow): void {
  const { event, pair } = readRow(spec, row);
  foldEvent(spec, traffic, event);
  if (pair !== null && !event.rejected) foldPair(traffic, pair);
}
