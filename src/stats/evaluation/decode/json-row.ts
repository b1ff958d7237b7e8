import type { ModelSpec } from '../../../domain/model-spec.js';
import { CellError, checkScore, labelFromJson, numberFromJson } from './cell-values.js';
import { numericTargets, type TypedRow } from '../../core/typed-row.js';

/** A bad value in an NDJSON row, with its JSON path so the reader can find its column. */
export class JsonValueError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decodes one NDJSON row shaped like a prediction event with its outcome:
 * `{ features: {...}, prediction, score | scores, actual }`; other keys are ignored.
 */
export function decodeJsonRow(spec: ModelSpec, row: unknown): TypedRow {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new JsonValueError([], 'a row must be a JSON object');
  }
  const obj = row as Record<string, unknown>;
  const featureValues = obj.features ?? {};
  if (typeof featureValues !== 'object' || featureValues === null || Array.isArray(featureValues)) {
    throw new JsonValueError(['features'], '"features" must be an object');
  }
  const values = featureValues as Record<string, unknown>;
  const numericTarget = numericTargets(spec);
  const target = (key: string) =>
    at([key], () =>
      numericTarget ? numberFromJson(obj[key], `"${key}"`) : labelFromJson(obj[key], `"${key}"`),
    );
  return {
    features: spec.features.map((f) =>
      at(['features', f.name], () =>
        f.type === 'numerical'
          ? numberFromJson(values[f.name], `feature "${f.name}"`)
          : labelFromJson(values[f.name], `feature "${f.name}"`),
      ),
    ),
    prediction: target('prediction'),
    score: at(['score'], () => checkScore(numberFromJson(obj.score, '"score"'), '"score"')),
    scores: decodeScores(obj.scores),
    actual: target('actual'),
  };
}

function decodeScores(value: unknown): Record<string, number> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonValueError(['scores'], '"scores" must be an object of class → score');
  }
  const scores: Record<string, number> = {};
  for (const [label, score] of Object.entries(value)) {
    const checked = at(['scores', label], () =>
      checkScore(numberFromJson(score, `"scores.${label}"`), `"scores.${label}"`),
    );
    if (checked !== null) scores[label] = checked;
  }
  return scores;
}

function at<T>(path: (string | number)[], read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof CellError) throw new JsonValueError(path, err.message);
    throw err;
  }
}
