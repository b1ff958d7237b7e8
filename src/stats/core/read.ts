import type { ModelSpec } from '../../domain/model-spec.js';
import { binaryScore, categoryOrNull, isPositive, numberOrNull } from './event-values.js';
import { isRejected, type TypedRow } from './typed-row.js';

/**
 * The one reader of events (docs/adr/0003-summary-core.md §2): a prediction as Postgres holds it
 * (`features` a record by name) or a row (`features` in spec order, see EventRow) becomes the typed
 * values the fold takes, by the rules of event-values.ts. Tiles, references, the report and the
 * labelled-pair claims all read through here, so they cannot disagree about a value.
 */

/** A stored prediction (Postgres), or a typed CSV/JSON row. */
export interface StoredEvent {
  features: Readonly<Record<string, unknown>> | readonly unknown[];
  prediction: unknown;
  score: number | null;
  scores: Record<string, unknown> | null;
}

/** A labelled pair: its prediction and outcome, with the outcome's business value if any. */
export interface StoredPair {
  prediction: unknown;
  score: number | null;
  scores: Record<string, unknown> | null;
  actual: unknown;
  value?: number | null;
}

/** An event as the fold takes it. */
export interface ReadEvent {
  /** A required feature is missing (only rows are judged, see EventRow; stored events passed ingest). */
  rejected: boolean;
  /** One per spec feature, in spec order: a number (numerical) or a string (categorical), or null. */
  features: (number | string | null)[];
  /** The predicted class (a string) or value; for a binary model without one, its score's side of the threshold. */
  predicted: string | number | null;
  /** Binary models: the positive-class score, when it is a probability. */
  score: number | null;
  /** Binary models: whether `predicted` is the positive class (CBPE's decision). */
  decision: boolean;
}

/** A labelled pair as the fold takes it: `outcome` null when it cannot be summarised. */
export interface ReadPair {
  outcome: {
    /** Binary: whether each is the positive class; multiclass: labels; regression: numbers. */
    actual: boolean | string | number;
    predicted: boolean | string | number;
    score: number | null;
  } | null;
  /** The outcome's business value (docs/kpis.md#value), counted even when `outcome` is null. */
  value: number | null;
}

export function readEvent(spec: ModelSpec, stored: StoredEvent): ReadEvent {
  const byIndex = Array.isArray(stored.features);
  const source = stored.features as Record<string, unknown> & unknown[];
  const features = spec.features.map((f, i) => {
    const value = byIndex ? source[i] : source[f.name];
    return f.type === 'numerical' ? numberOrNull(value) : categoryOrNull(value);
  });
  const score = binaryScore(spec, stored);
  const predicted = predictedTarget(spec, stored.prediction, score);
  return {
    // A typed row is judged as ingest would judge it; a stored event was accepted then, and a
    // value the spec no longer types counts as missing instead (event-values.ts).
    rejected: byIndex && isRejected(spec, { features } as TypedRow),
    features,
    predicted,
    score,
    decision: predicted !== null && isPositive(spec, predicted),
  };
}

export function readPair(spec: ModelSpec, stored: StoredPair): ReadPair {
  const value = stored.value ?? null;
  const score = binaryScore(spec, stored);
  const predicted = predictedTarget(spec, stored.prediction, score);
  const target = spec.task === 'regression' ? numberOrNull : categoryOrNull;
  const actual = stored.actual === undefined ? null : target(stored.actual);
  if (predicted === null || actual === null) return { outcome: null, value };
  if (spec.task === 'binary_classification') {
    return {
      outcome: { actual: isPositive(spec, actual), predicted: isPositive(spec, predicted), score },
      value,
    };
  }
  return { outcome: { actual, predicted, score }, value };
}

/** The prediction, or for a binary model without one, its score against the decision threshold. */
function predictedTarget(spec: ModelSpec, prediction: unknown, score: number | null): string | number | null {
  const value = spec.task === 'regression' ? numberOrNull(prediction) : categoryOrNull(prediction);
  if (value !== null) return value;
  if (spec.task === 'binary_classification' && score !== null) {
    return score >= spec.decisionThreshold ? String(spec.positiveClass) : `not ${String(spec.positiveClass)}`;
  }
  return null;
}

/**
 * An event with its outcome, if any, and its features in spec order: a typed file row, or a
 * stored prediction joined with its outcome (a reference built from traffic). Judged as ingest
 * judges a row: missing a required feature, it is rejected.
 */
export interface EventRow extends StoredEvent {
  features: readonly unknown[];
  actual: unknown;
}

/** A row is an event and, when it carries an outcome, a labelled pair. */
export function readRow(spec: ModelSpec, row: EventRow): { event: ReadEvent; pair: ReadPair | null } {
  const event = readEvent(spec, row);
  return { event, pair: row.actual === null || row.actual === undefined ? null : readPair(spec, row) };
}
