/**
 * Data for bench/stats.bench.ts: 20 numerical features cycling through the distributions of
 * tests/helpers/drift-cases.ts, a reference and a drifted window of n values each, as
 * Float64Arrays (8 bytes a value, outside the JS heap).
 */
import { modelSpecSchema, type ModelSpec } from '../../src/domain/model-spec.js';
import { DRIFT_CASES } from '../../tests/helpers/drift-cases.js';
import { seededRandom } from '../../tests/helpers/random.js';

export interface BenchFeature {
  name: string;
  reference: Float64Array;
  window: Float64Array;
}

export function benchFeatures(count: number, n: number): BenchFeature[] {
  const rng = seededRandom(2026);
  return Array.from({ length: count }, (_, i) => {
    const c = DRIFT_CASES[i % DRIFT_CASES.length]!;
    const reference = new Float64Array(n);
    const window = new Float64Array(n);
    for (let j = 0; j < n; j++) reference[j] = c.reference(rng);
    for (let j = 0; j < n; j++) window[j] = c.window(rng);
    return { name: `f${String(i + 1).padStart(2, '0')} ${c.name}`, reference, window };
  });
}

export function benchSpec(features: readonly BenchFeature[]): ModelSpec {
  return modelSpecSchema.parse({
    name: 'bench',
    task: 'binary_classification',
    features: features.map((f) => ({ name: f.name, type: 'numerical' })),
  });
}
