import type { ModelSpec } from '../../../domain/model-spec.js';
import { CellError, checkScore, labelFromText, numberFromText } from './cell-values.js';
import { InputError } from './input-error.js';
import { numericTargets, type TypedRow } from '../../core/typed-row.js';

/**
 * How the columns of a CSV file map onto a row: one column per feature (by name), and the
 * optional `prediction`, `score` or `scores.<class>`, and `actual` columns. Other columns
 * (ids, timestamps) are ignored.
 */
export interface CsvLayout {
  features: { index: number; numerical: boolean; name: string }[];
  prediction: number | null;
  score: number | null;
  scores: { index: number; label: string }[];
  actual: number | null;
  numericTargets: boolean;
}

/** A bad cell: the 0-based field index and what is wrong with it. */
export class CsvCellError extends Error {
  constructor(
    readonly field: number,
    message: string,
  ) {
    super(message);
  }
}

/** The layout for a header row; a feature without a column is an error. */
export function csvLayout(spec: ModelSpec, header: readonly string[], file: string): CsvLayout {
  const at = new Map<string, number>();
  header.forEach((name, i) => {
    if (at.has(name)) throw new InputError(`${file}:1: column "${name}" appears twice`);
    at.set(name, i);
  });
  const missing = spec.features.filter((f) => !at.has(f.name)).map((f) => `"${f.name}"`);
  if (missing.length > 0) {
    throw new InputError(
      `${file}:1: no column for feature${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  }
  return {
    features: spec.features.map((f) => ({
      index: at.get(f.name)!,
      numerical: f.type === 'numerical',
      name: f.name,
    })),
    prediction: at.get('prediction') ?? null,
    score: at.get('score') ?? null,
    scores: header.flatMap((name, index) =>
      name.startsWith('scores.') ? [{ index, label: name.slice('scores.'.length) }] : [],
    ),
    actual: at.get('actual') ?? null,
    numericTargets: numericTargets(spec),
  };
}

/** Decodes one record; throws CsvCellError naming the bad field. */
export function decodeCsvRecord(layout: CsvLayout, record: readonly string[]): TypedRow {
  const cell = <T>(index: number, read: (text: string) => T): T => {
    try {
      return read(record[index] ?? '');
    } catch (err) {
      if (err instanceof CellError) throw new CsvCellError(index, err.message);
      throw err;
    }
  };
  const target = (index: number | null, what: string) =>
    index === null
      ? null
      : cell(index, (t) => (layout.numericTargets ? numberFromText(t, what) : labelFromText(t)));
  const features = layout.features.map((f) =>
    cell(f.index, (t) => (f.numerical ? numberFromText(t, `feature "${f.name}"`) : labelFromText(t))),
  );
  let scores: Record<string, number> | null = null;
  for (const s of layout.scores) {
    const value = cell(s.index, (t) =>
      checkScore(numberFromText(t, `"scores.${s.label}"`), `"scores.${s.label}"`),
    );
    if (value !== null) (scores ??= {})[s.label] = value;
  }
  return {
    features,
    prediction: target(layout.prediction, '"prediction"'),
    score:
      layout.score === null
        ? null
        : cell(layout.score, (t) => checkScore(numberFromText(t, '"score"'), '"score"')),
    scores,
    actual: target(layout.actual, '"actual"'),
  };
}
