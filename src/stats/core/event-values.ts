import type { ModelSpec } from '../../domain/model-spec.js';

/**
 * The value rules of the core's one reader (read.ts), so that a window from tiles, a reference
 * and a report on the same rows agree: labels compare as strings (`1` and `"1"` are one class), a
 * binary score is `score` or `scores[positiveClass]`. A value of the wrong type (the spec changed
 * after the event was accepted) counts as missing rather than failing the fold: a fold that
 * throws on data would be retried for ever.
 */

/** What a binary score is read from: a stored event, or a typed row. */
export interface ScoreFields {
  score: number | null;
  scores: Record<string, unknown> | null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function categoryOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The positive-class score of a binary model, or null when absent or not a probability. */
export function binaryScore(spec: ModelSpec, event: ScoreFields): number | null {
  if (spec.task !== 'binary_classification') return null;
  const score = event.score ?? event.scores?.[String(spec.positiveClass)] ?? null;
  return typeof score === 'number' && score >= 0 && score <= 1 ? score : null;
}

/** Binary models ask of a label only whether it is the positive class. */
export function isPositive(spec: ModelSpec, label: unknown): boolean {
  return spec.task === 'binary_classification' && categoryOrNull(label) === String(spec.positiveClass);
}
