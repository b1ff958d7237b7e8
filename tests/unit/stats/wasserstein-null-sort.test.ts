import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/random.js';
import { bucketSorter } from '../../../src/stats/drift/wasserstein-null.js';

// The Wasserstein null sorts its drawn uniforms with a bucket sort (wasserstein-null.ts); the
// draws, and so every noise p-value, stay those of a comparison sort only if it sorts exactly.
describe('bucketSorter', () => {
  it('sorts values in [0, 1) exactly as a comparison sort does, ties and edges included', () => {
    const random = mulberry32(3);
    for (const n of [1, 2, 7, 300, 4096]) {
      const sort = bucketSorter(n);
      for (let round = 0; round < 5; round++) {
        const values = Float64Array.from({ length: n }, (_, i) =>
          i % 11 === 0 ? 0 : i % 13 === 0 ? 1 - Number.EPSILON : i % 17 === 0 ? 0.5 : random(),
        );
        const expected = Float64Array.from(values).sort();
        sort(values);
        expect(values).toEqual(expected);
      }
    }
  });
});
