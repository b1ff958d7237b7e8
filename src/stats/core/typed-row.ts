import type { ModelSpec } from '../../domain/model-spec.js';

/**
 * One event of a model, typed by its spec: what an evaluation folds. Classification labels
 * are strings (a CSV file has no types, so `1` and `"1"` must mean the same class);
 * regression targets are numbers. Missing values are null.
 */
export interface TypedRow {
  /** One value per spec feature, in spec order: a number (numerical) or a string (categorical). */
  features: (number | string | null)[];
  prediction: string | number | null;
  /** Binary classification: the score of the positive class. */
  score: number | null;
  /** Multiclass classification: the score of each class. */
  scores: Record<string, number> | null;
  actual: string | number | null;
}

/** True when the model's targets are numbers (regression) rather than class labels. */
export function numericTargets(spec: ModelSpec): boolean {
  return spec.task === 'regression';
}

/**
 * A row that schema validation would reject: a feature that is not nullable is missing.
 * The service refuses such an event at ingest; the report counts it and leaves it out.
 */
export function isRejected(spec: ModelSpec, row: TypedRow): boolean {
  return spec.features.some((f, i) => !f.nullable && row.features[i] === null);
}
