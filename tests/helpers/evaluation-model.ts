/**
 * A generated model for evaluation tests and the stats benchmark: one numerical feature per
 * case of tests/helpers/drift-cases.ts (the cases on which the bounds of docs/statistics.md#error-bounds-from-tiles must hold), a
 * categorical feature, and a binary classifier's score, prediction and outcome.
 */
import { modelSpecSchema, type ModelSpec } from '../../src/domain/model-spec.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import { DRIFT_CASES } from './drift-cases.js';
import { seededRandom, type Random } from './random.js';

export const CATEGORIES = ['north', 'south', 'east', 'west', 'centre'];

export function generatedSpec(): ModelSpec {
  return modelSpecSchema.parse({
    name: 'generated',
    task: 'binary_classification',
    features: [
      ...DRIFT_CASES.map((c) => ({ name: c.name, type: 'numerical' })),
      { name: 'region', type: 'categorical' },
    ],
  });
}

/** `n` rows of the reference (`drifted` false) or of a drifted window, from `seed`. */
export function generatedRows(n: number, drifted: boolean, seed: number): TypedRow[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => generatedRow(rng, drifted));
}

function generatedRow(rng: Random, drifted: boolean): TypedRow {
  const features: (number | string | null)[] = DRIFT_CASES.map((c) =>
    rng.uniform() < 0.01 ? null : drifted ? c.window(rng) : c.reference(rng),
  );
  const regionIndex = Math.min(CATEGORIES.length - 1, Math.floor(rng.uniform() ** (drifted ? 1.3 : 1) * 5));
  features.push(
    rng.uniform() < 0.02 ? null : drifted && rng.uniform() < 0.01 ? 'unknown' : CATEGORIES[regionIndex]!,
  );
  const score = 1 / (1 + Math.exp(-(features[0] === null ? 0 : (features[0] as number) * 1.5)));
  const actual = rng.uniform() < score ? 1 : 0;
  return {
    features,
    prediction: score >= 0.5 ? '1' : '0',
    score,
    scores: null,
    actual: rng.uniform() < 0.2 ? null : String(actual),
  };
}
