// Expected values: tests/golden/drift.json, computed by tests/golden/drift.py with SciPy 1.10
// (chi2_contingency correction=False, norm.sf, spatial.distance.jensenshannon) and numpy.
// Other projects' published vectors (Frouros, Evidently, NannyML): drift-published.test.ts.
import { describe, expect, it } from 'vitest';
import { hellinger, jensenShannon, lInfinity, proportions, psi } from '../../../src/stats/distances.js';
import { alignCounts, chiSquareTest, countCategories, zTest } from '../../../src/stats/drift/categorical.js';
import { expectClose } from '../../helpers/golden.js';
import { golden, type CategoricalCase } from './drift-golden.js';

function aligned(c: CategoricalCase): { ref: number[]; cur: number[] } {
  if (c.ref === undefined || c.cur === undefined) {
    return { ref: c.expected.refCounts, cur: c.expected.curCounts };
  }
  const counts = alignCounts(countCategories(c.ref), countCategories(c.cur));
  expect(counts.categories).toEqual(c.expected.categories);
  return counts;
}

describe.each(golden.categorical)('categorical golden case: $name', (c) => {
  const { ref, cur } = aligned(c);

  it('counts per category on the union of categories', () => {
    expect(ref).toEqual(c.expected.refCounts);
    expect(cur).toEqual(c.expected.curCounts);
  });

  it('chi-square statistic and p-value match scipy.stats.chi2_contingency(correction=False)', () => {
    const test = chiSquareTest(ref, cur);
    expectClose(test.statistic, c.expected.chiSquare.statistic, 1e-9, 1e-15, 'chi2');
    expectClose(test.pValue, c.expected.chiSquare.pValue, 1e-9, 1e-300, 'p');
  });

  it('PSI, Jensen-Shannon, Hellinger and L-infinity on category shares match numpy / scipy', () => {
    const p = proportions(ref);
    const q = proportions(cur);
    expectClose(psi(p, q), c.expected.psi, 1e-9, 1e-15, 'psi');
    expectClose(jensenShannon(p, q), c.expected.jensenShannon, 1e-9, 1e-15, 'js');
    expectClose(hellinger(p, q), c.expected.hellinger, 1e-9, 1e-15, 'hellinger');
    expectClose(lInfinity(p, q), c.expected.lInfinity, 1e-9, 1e-15, 'lInfinity');
  });

  const expectedZ = c.expected.zTest;
  if (expectedZ !== undefined) {
    it('two-proportion z-test matches its formula with scipy.stats.norm', () => {
      const test = zTest([ref[0]!, ref[1]!], [cur[0]!, cur[1]!]);
      expectClose(test.statistic, expectedZ.statistic, 1e-9, 1e-15, 'z');
      expectClose(test.pValue, expectedZ.pValue, 1e-9, 1e-300, 'p');
    });
  }
});

describe('alignment and edge cases', () => {
  it('aligns maps and records on reference categories first, then window-only ones', () => {
    const counts = alignCounts(
      { b: 2, a: 1 },
      new Map([
        ['c', 5],
        ['a', 3],
      ]),
    );
    expect(counts).toEqual({ categories: ['b', 'a', 'c'], ref: [2, 1, 0], cur: [0, 3, 5] });
  });

  it('counts categories by their string form and skips missing values', () => {
    expect(countCategories(['x', null, 1, '1', true, Number.NaN])).toEqual(
      new Map([
        ['x', 1],
        ['1', 2],
        ['true', 1],
      ]),
    );
  });

  it('a category empty on both sides does not change the chi-square test', () => {
    expect(chiSquareTest([4, 0, 2, 0], [1, 0, 1, 4])).toEqual(chiSquareTest([4, 2, 0], [1, 1, 4]));
  });

  it('tests refuse an empty side', () => {
    expect(() => chiSquareTest([0, 0], [1, 2])).toThrow(RangeError);
    expect(() => zTest([0, 0], [1, 2])).toThrow(RangeError);
  });

  it('a z-test where neither side varies reports no difference', () => {
    expect(zTest([5, 0], [7, 0])).toEqual({ statistic: 0, pValue: 1 });
  });
});
