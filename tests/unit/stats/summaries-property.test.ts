// Issue 8, "summaries that cannot be poisoned": for arbitrary events the API accepts (any finite
// double, including ±1.8e308, subnormals and -0; any string without NUL or lone surrogates,
// including a leading U+FEFF; nulls), fold → encode → decode → merge → evaluate never throws,
// gives an evaluation of the service's schema, and agrees with the exact path on the same rows.
// Windows here hold few distinct values, so the sketches are exact and the summary path must
// match the exact path to rounding (1e-9 relative, 1e-12 absolute), counts and categories exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSummary, decodeSummary, keyKind } from '../../../src/modules/tiles/tile-codec.js';
import { modelSpecSchema, type ModelSpec } from '../../../src/modules/models/models.schemas.js';
import { createColumns, foldRow } from '../../../src/stats/evaluation/columns.js';
import { evaluationSchema, type Evaluation } from '../../../src/stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../../src/stats/evaluation/raw-backend.js';
import { rawColumnFactories } from '../../../src/stats/evaluation/raw-columns.js';
import type { TypedRow } from '../../../src/stats/evaluation/row.js';
import {
  evaluateFromSummaries,
  referenceFromSummaries,
} from '../../../src/stats/evaluation/summary-backend.js';
import {
  mergeSummaryColumns,
  summaryColumnFactories,
  type SummaryColumns,
} from '../../../src/stats/evaluation/summary-columns.js';
import type { AnySummary } from '../../../src/modules/tiles/tile-codec.js';

const spec: ModelSpec = modelSpecSchema.parse({
  name: 'poison',
  task: 'regression',
  features: [
    // Drift measured from the first value on, so that every measure meets these values.
    { name: 'x', type: 'numerical', drift: { minSamples: 1 } },
    { name: 'c', type: 'categorical', drift: { minSamples: 1 } },
  ],
});

/** Any finite double, with the values that broke summaries before drawn often. */
const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 1.7976931348623157e308, 1e200, 1, 0, -0, 5e-324, -5e-324),
);
/** Strings the API accepts: any Unicode scalar values (no lone surrogates), no NUL. */
const anyText = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constantFrom('\ufeff', '\ufeffx', 'x', 'a', 'é', 'e\u0301', '😀'),
  )
  .filter((s) => !s.includes('\u0000'));

const row: fc.Arbitrary<TypedRow> = fc.record({
  features: fc.tuple(fc.option(anyNumber, { freq: 8 }), fc.option(anyText, { freq: 8 })),
  prediction: anyNumber,
  score: fc.constant(null),
  scores: fc.constant(null),
  actual: fc.option(anyNumber, { freq: 3 }),
});
const rows = fc.array(row, { minLength: 1, maxLength: 30 });

function fold<T extends Parameters<typeof foldRow>[1]>(columns: T, input: readonly TypedRow[]): T {
  for (const r of input) foldRow(spec, columns, r);
  return columns;
}

/** Every summary of the columns through its stored bytes, as tiles keep them. */
function throughBytes(columns: SummaryColumns): SummaryColumns {
  const again = <S extends AnySummary>(summary: S, key: string): S => {
    const kind = keyKind(key);
    if (kind === 'events') throw new Error('not a summary');
    return decodeSummary(kind, encodeSummary(summary)) as S;
  };
  const copy = createColumns(spec, summaryColumnFactories);
  Object.assign(copy, { rows: columns.rows, rejected: columns.rejected, predictions: columns.predictions });
  columns.features.forEach((f, i) => {
    copy.features[i] = again(f, i === 0 ? 'numerical:x' : 'categorical:c');
  });
  copy.prediction = again(columns.prediction, 'numerical:prediction');
  copy.score = again(columns.score, 'numerical:score');
  Object.assign(copy.performance, { summary: again(columns.performance.summary, 'regression') });
  return copy;
}

/** The window folded as tiles of the given sizes, each stored and read back, then merged. */
function foldAsStoredTiles(input: readonly TypedRow[], cuts: number[]): SummaryColumns {
  const window = createColumns(spec, summaryColumnFactories);
  let start = 0;
  for (const end of [...cuts.filter((c) => c < input.length).sort((a, b) => a - b), input.length]) {
    if (end <= start) continue;
    mergeSummaryColumns(
      window,
      throughBytes(fold(createColumns(spec, summaryColumnFactories), input.slice(start, end))),
    );
    start = end;
  }
  return throughBytes(window);
}

/**
 * Numbers equal to 1e-9 relative or 1e-12 absolute (R² = 1 − SSE/SST near 0 keeps only the
 * rounding of a ratio near 1), or both the same non-number.
 */
function expectClose(got: unknown, want: unknown, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (!Number.isFinite(want) || !Number.isFinite(got)) return void expect(got, path).toBe(want);
    const tolerance = Math.max(1e-9 * Math.abs(want), 1e-12);
    return void expect(Math.abs(got - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(tolerance);
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, path).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, `${path}/${i}`));
    return;
  }
  if (want !== null && typeof want === 'object') {
    for (const [key, w] of Object.entries(want)) {
      if (key === 'computedFrom' || key === 'meanError') continue;
      expectClose((got as Record<string, unknown>)[key], w, `${path}/${key}`);
    }
    return;
  }
  expect(got, path).toEqual(want);
}

/**
 * The mean signed error sums errors that may cancel (1e308 − 1e308 + 3e-12): a float sum's error
 * is relative to Σ|e|, not to the result, so the bound is 1e-9 of the mean absolute error.
 */
function expectMeanErrorClose(got: Evaluation, want: Evaluation): void {
  const [g, w] = [got.performance?.realized?.metrics, want.performance?.realized?.metrics] as (
    Record<string, number | null> | undefined
  )[];
  if (!w || !g || w.meanError === null || w.mae === null) return void expect(g?.meanError).toBe(w?.meanError);
  const tolerance = Math.max(1e-9 * w.mae!, 1e-12);
  expect(Math.abs(g.meanError! - w.meanError!), 'meanError').toBeLessThanOrEqual(tolerance);
}

describe('summaries of arbitrary accepted events', () => {
  it('fold, encode, decode, merge and evaluate without throwing, as the exact path does', () => {
    fc.assert(
      fc.property(rows, rows, fc.array(fc.nat(30), { maxLength: 4 }), (referenceRows, windowRows, cuts) => {
        const rawReference = fold(createColumns(spec, rawColumnFactories), referenceRows);
        const exact: Evaluation = evaluateFromValues(
          spec,
          rawReference,
          fold(createColumns(spec, rawColumnFactories), windowRows),
        );
        const reference = referenceFromSummaries(
          spec,
          foldAsStoredTiles(referenceRows, cuts),
          rawReference.performance.fitCbpe(),
        );
        const fromSummaries = evaluateFromSummaries(spec, reference, foldAsStoredTiles(windowRows, cuts));
        expect(evaluationSchema.parse(fromSummaries)).toEqual(fromSummaries);
        expect(evaluationSchema.parse(exact)).toEqual(exact);
        expectClose(fromSummaries, exact);
        expectMeanErrorClose(fromSummaries, exact);
      }),
      {
        numRuns: 500,
        seed: 8,
        examples: [
          [
            [
              { features: [1e200, 'a'], prediction: 1, score: null, scores: null, actual: 2 },
              { features: [1, '\ufeff'], prediction: 1e308, score: null, scores: null, actual: -1e308 },
            ],
            [
              { features: [1e308, '\ufeffx'], prediction: 0, score: null, scores: null, actual: 1 },
              { features: [1, 'x'], prediction: 1, score: null, scores: null, actual: 1 },
            ],
            [1],
          ],
        ],
      },
    );
  });
});
