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

describe.each([
  ['binary', binary],
  ['multiclass', multiclass],
])('%s summaries of arbitrary accepted events', (_, spec) => {
  it('fold, encode, decode, merge and evaluate without throwing, as the exact path does', () => {
    const rows = rowsFor(spec);
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
        expectClose(fromSummaries, exact, { skip: ['estimated'], presence: ['rocAuc'] });
        const estimated = (e: Evaluation) => e.performance?.estimated ?? null;
        expect(estimated(fromSummaries) === null, 'estimate present').toBe(estimated(exact) === null);
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
