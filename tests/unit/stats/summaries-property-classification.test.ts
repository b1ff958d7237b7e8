// Issue 8, "summaries that cannot be poisoned", for the classification tasks (the regression
// task is in summaries-property.test.ts): arbitrary accepted events — features anywhere in the
// double range or any text without NUL or lone surrogates, scores anywhere in [0, 1] including
// -0 and subnormals, labels of any class — fold into binary, multiclass and CBPE summaries that
// encode, decode and merge, and evaluate without throwing. Counts and loss sums are exact in
// summaries, so every metric agrees with the exact path to 1e-9 relative (1e-12 absolute),
// except ROC AUC, which summaries take on a score grid (only its presence must agree), and
// CBPE's estimate, which summaries compute from score bins (it must only be a valid one).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSummary, decodeSummary, type AnySummary } from '../../../src/modules/tiles/tile-codec.js';
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
import { BinarySummary } from '../../../src/stats/performance/binary-summary.js';

const features = [
  { name: 'x', type: 'numerical', drift: { minSamples: 1 } },
  { name: 'c', type: 'categorical', drift: { minSamples: 1 } },
];
const binary = modelSpecSchema.parse({ name: 'b', task: 'binary_classification', features });
const multiclass = modelSpecSchema.parse({
  name: 'm',
  task: 'multiclass_classification',
  features,
  classes: ['a', '\ufeffa', 'b'],
});

const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 1.7976931348623157e308, 1e200, 1, 0, -0, 5e-324, -5e-324),
);
const anyText = fc
  .oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('\ufeff', '\ufeffx', 'a', 'e\u0301'))
  .filter((s) => !s.includes('\u0000'));
const anyScore = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0, -0, 1, 5e-324, 0.5, 1 - 2 ** -53, 1e-300),
);
const featureValues = fc.tuple(fc.option(anyNumber, { freq: 8 }), fc.option(anyText, { freq: 8 }));

function rowsFor(spec: ModelSpec): fc.Arbitrary<TypedRow[]> {
  const labels = spec.task === 'multiclass_classification' ? spec.classes.map(String) : ['1', 'not 1'];
  const scores =
    spec.task === 'multiclass_classification' ? fc.constant(null) : fc.option(anyScore, { freq: 6 });
  const row = fc.record({
    features: featureValues,
    prediction: fc.constantFrom(...labels),
    score: scores,
    scores: fc.constant(null),
    actual: fc.option(fc.constantFrom(...labels), { freq: 3 }),
  });
  return fc.array(row, { minLength: 1, maxLength: 30 });
}

function fold<T extends Parameters<typeof foldRow>[1]>(
  spec: ModelSpec,
  columns: T,
  input: readonly TypedRow[],
): T {
  for (const r of input) foldRow(spec, columns, r);
  return columns;
}

/** A summary through the bytes a tile stores, by the kind its key names. */
function again<S extends AnySummary>(summary: S, kind: Parameters<typeof decodeSummary>[0]): S {
  return decodeSummary(kind, encodeSummary(summary)) as S;
}

function throughBytes(spec: ModelSpec, columns: SummaryColumns): SummaryColumns {
  const copy = createColumns(spec, summaryColumnFactories);
  Object.assign(copy, { rows: columns.rows, rejected: columns.rejected, predictions: columns.predictions });
  copy.features[0] = again(columns.features[0]!, 'numerical');
  copy.features[1] = again(columns.features[1]!, 'categorical');
  copy.prediction = again(columns.prediction, 'categorical');
  copy.score = again(columns.score, 'numerical');
  const summary = columns.performance.summary;
  Object.assign(copy.performance, {
    summary: again(summary, summary instanceof BinarySummary ? 'binary' : 'multiclass'),
    cbpe: columns.performance.cbpe === null ? null : again(columns.performance.cbpe, 'cbpe'),
  });
  return copy;
}

function foldAsStoredTiles(spec: ModelSpec, input: readonly TypedRow[], cuts: number[]): SummaryColumns {
  const window = createColumns(spec, summaryColumnFactories);
  let start = 0;
  for (const end of [...cuts.filter((c) => c < input.length).sort((a, b) => a - b), input.length]) {
    if (end <= start) continue;
    const tile = fold(spec, createColumns(spec, summaryColumnFactories), input.slice(start, end));
    mergeSummaryColumns(window, throughBytes(spec, tile));
    start = end;
  }
  return throughBytes(spec, window);
}

/** Numbers within 1e-9 relative or 1e-12 absolute, or the same non-number; other values equal. */
function expectClose(got: unknown, want: unknown, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (!Number.isFinite(want) || !Number.isFinite(got)) return void expect(got, path).toBe(want);
    const tolerance = Math.max(1e-9 * Math.abs(want), 1e-12);
    return void expect(Math.abs(got - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(tolerance);
  }
  if (Array.isArray(want)) {
    expect((got as unknown[]).length, path).toBe(want.length);
    return want.forEach((w, i) => expectClose((got as unknown[])[i], w, `${path}/${i}`));
  }
  if (want !== null && typeof want === 'object') {
    for (const [key, w] of Object.entries(want)) {
      if (key === 'computedFrom' || key === 'estimated') continue;
      const g = (got as Record<string, unknown>)[key];
      if (key === 'rocAuc') expect(g === null, `${path}/rocAuc present`).toBe(w === null);
      else expectClose(g, w, `${path}/${key}`);
    }
    return;
  }
  expect(got, path).toEqual(want);
}

describe.each([
  ['binary', binary],
  ['multiclass', multiclass],
])('%s summaries of arbitrary accepted events', (_, spec) => {
  it('fold, encode, decode, merge and evaluate without throwing, as the exact path does', () => {
    const rows = rowsFor(spec);
    fc.assert(
      fc.property(rows, rows, fc.array(fc.nat(30), { maxLength: 4 }), (referenceRows, windowRows, cuts) => {
        const rawReference = fold(spec, createColumns(spec, rawColumnFactories), referenceRows);
        const exact: Evaluation = evaluateFromValues(
          spec,
          rawReference,
          fold(spec, createColumns(spec, rawColumnFactories), windowRows),
        );
        const reference = referenceFromSummaries(
          spec,
          foldAsStoredTiles(spec, referenceRows, cuts),
          rawReference.performance.fitCbpe(),
        );
        const fromSummaries = evaluateFromSummaries(
          spec,
          reference,
          foldAsStoredTiles(spec, windowRows, cuts),
        );
        expect(evaluationSchema.parse(fromSummaries)).toEqual(fromSummaries);
        expect(evaluationSchema.parse(exact)).toEqual(exact);
        expectClose(fromSummaries, exact);
        const estimated = (e: Evaluation) => e.performance?.estimated ?? null;
        expect(estimated(fromSummaries) === null, 'estimate present').toBe(estimated(exact) === null);
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
