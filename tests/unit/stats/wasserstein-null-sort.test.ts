import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/random.js';
import {
  bucketSorter,
  drawCount,
  wassersteinNull,
  wassersteinTail,
} from '../../../src/stats/drift/wasserstein-null.js';

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

// Drawn nulls are cached by the grid's values (wasserstein-null.ts): a reference decoded again
// finds its draws, and the cached tail is the one a fresh draw gives.
describe('drawn null cache', () => {
  it('shares draws between equal grids, never between different ones, with the same p-values', () => {
    const shape = (u: number) => Math.log(1 + 9 * u);
    const a = wassersteinNull(shape, 0.7);
    const before = drawCount.value;
    const p = wassersteinTail(1.3, a, 300);
    expect(drawCount.value).toBe(before + 1);
    const same = wassersteinNull(shape, 0.7); // another object, equal values
    expect(wassersteinTail(1.3, same, 300)).toBe(p);
    expect(drawCount.value).toBe(before + 1);
    const other = wassersteinNull(shape, 0.70001);
    wassersteinTail(1.3, other, 300);
    expect(drawCount.value).toBe(before + 2);
  });
});
