// Issue 8, "summaries that cannot be poisoned": for arbitrary events the API accepts (any finite
// double, including ±1.8e308, subnormals and -0; any string without NUL or lone surrogates,
// including a leading U+FEFF; nulls), fold → encode → decode → merge → evaluate never throws,
// gives an evaluation of the service's schema, and agrees with the exact path on the same rows.
// Windows here hold few distinct values, so the sketches are exact and the summary path must
// match the exact path to rounding (1e-9 relative, 1e-12 absolute), counts and categories exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyNumber, anyText, expectClose, fold, foldAsStoredTiles } from '../../helpers/summary-paths.js';
import { modelSpecSchema, type ModelSpec } from '../../../src/domain/model-spec.js';
import { evaluationSchema, type Evaluation } from '../../../src/stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../../src/stats/evaluation/raw-backend.js';
import { rawParts } from '../../../src/stats/evaluation/raw-parts.js';
import type { TypedRow } from '../../../src/stats/core/typed-row.js';
import {
  evaluateFromSummaries,
  referenceFromSummaries,
} from '../../../src/stats/evaluation/summary-backend.js';
import { emptyTraffic } from '../../../src/stats/core/traffic.js';
import { fitCbpeOf } from '../../../src/stats/evaluation/performance-results.js';

const spec: ModelSpec = modelSpecSchema.parse({
  name: 'poison',
  task: 'regression',
  features: [
    // Drift measured from the first value on, so that every measure meets these values.
    { name: 'x', type: 'numerical', drift: { minSamples: 1 } },
    { name: 'c', type: 'categorical', drift: { minSamples: 1 } },
  ],
});

const row: fc.Arbitrary<TypedRow> = fc.record({
  features: fc.tuple(fc.option(anyNumber, { freq: 8 }), fc.option(anyText, { freq: 8 })),
  prediction: anyNumber,
  score: fc.constant(null),
  scores: fc.constant(null),
  actual: fc.option(anyNumber, { freq: 3 }),
});
const rows = fc.array(row, { minLength: 1, maxLength: 30 });

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
        const rawReference = fold(spec, emptyTraffic(spec, rawParts), referenceRows);
        const exact: Evaluation = evaluateFromValues(
          spec,
          rawReference,
          fold(spec, emptyTraffic(spec, rawParts), windowRows),
        );
        const reference = referenceFromSummaries(
          spec,
          foldAsStoredTiles(spec, referenceRows, cuts),
          fitCbpeOf(rawReference.performance),
        );
        const fromSummaries = evaluateFromSummaries(
          spec,
          reference,
          foldAsStoredTiles(spec, windowRows, cuts),
        );
        expect(evaluationSchema.parse(fromSummaries)).toEqual(fromSummaries);
        expect(evaluationSchema.parse(exact)).toEqual(exact);
        expectClose(fromSummaries, exact, { skip: ['meanError'] });
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
