// Expected values: tests/golden/drift.json, computed by tests/golden/drift.py with SciPy 1.10
// (ks_2samp method="asymp", wasserstein_distance, kstwo.sf) and numpy 1.24 (quantile, searchsorted).
import { describe, expect, it } from 'vitest';
import { kstwoSf } from '../../../src/stats/drift/kolmogorov.js';
import {
  binCounts,
  binnedMeasures,
  decileEdges,
  ksPValue,
  ksTest,
  wassersteinNormalized,
} from '../../../src/stats/drift/numerical.js';
import { expectClose } from '../../helpers/golden.js';
import { golden } from './drift-golden.js';

describe.each(golden.numerical)('numerical golden case: $name', ({ ref, cur, expected }) => {
  it('KS statistic and asymptotic p-value match scipy.stats.ks_2samp(method="asymp")', () => {
    const ks = ksTest(ref, cur);
    expectClose(ks.statistic, expected.ks.statistic, 1e-12, 1e-15, 'D');
    expectClose(ks.pValue, expected.ks.pValue, 1e-9, 1e-15, 'p');
  });

  it('normalized Wasserstein matches scipy.stats.wasserstein_distance / max(std, 0.001)', () => {
    expectClose(wassersteinNormalized(ref, cur), expected.wasserstein, 1e-9, 1e-15, 'W');
  });

  it('bin counts match numpy searchsorted (side="left") on the golden edges', () => {
    const edges = expected.edges;
    expect(binCounts(ref, edges)).toEqual(expected.refBinCounts);
    expect(binCounts(cur, edges)).toEqual(expected.curBinCounts);
  });

  it('PSI, Jensen-Shannon and Hellinger on the bins match numpy / scipy jensenshannon', () => {
    const measures = binnedMeasures(ref, cur, expected.edges);
    expectClose(measures.psi, expected.psi, 1e-9, 1e-15, 'psi');
    expectClose(measures.jensenShannon, expected.jensenShannon, 1e-9, 1e-15, 'js');
    expectClose(measures.hellinger, expected.hellinger, 1e-9, 1e-15, 'hellinger');
  });
});

describe.each(golden.numerical.filter((c) => !c.expected.discrete))(
  'decile edges, golden case: $name',
  ({ ref, expected }) => {
    it('equal numpy.unique(numpy.quantile(ref, [0.1 … 0.9]))', () => {
      expect(decileEdges(ref)).toEqual(expected.edges);
    });
  },
);

describe('ksTest on small and odd sample sizes', () => {
  it.each(golden.ksSmall.map((c) => [c.ref.length, c.cur.length, c] as const))(
    'n=%i, m=%i matches scipy (N = round(nm/(n+m)), half to even)',
    (_n, _m, c) => {
      const ks = ksTest(c.ref, c.cur);
      expectClose(ks.statistic, c.statistic, 1e-12, 1e-15, 'D');
      expectClose(ks.pValue, c.pValue, 1e-9, 1e-15, 'p');
    },
  );
});

describe('kstwoSf against scipy.stats.kstwo.sf over every method branch', () => {
  it.each(golden.kstwo.map((c) => [c.n, c.d, c.sf] as const))('n=%i, d=%f', (n, d, sf) => {
    expectClose(kstwoSf(d, n), sf, 1e-9, 1e-300, 'sf');
  });
});

describe('edge cases', () => {
  it('ksPValue rejects empty samples', () => {
    expect(() => ksPValue(0.5, 0, 10)).toThrow(RangeError);
    expect(() => ksTest([], [1, 2])).toThrow(RangeError);
  });

  it('missing values are ignored, not counted', () => {
    const withNulls = ksTest([1, null, 2, Number.NaN, 3], [1, 2, 3, null]);
    expect(withNulls).toEqual(ksTest([1, 2, 3], [1, 2, 3]));
    expect(binCounts([null, 1, Number.NaN], [1])).toEqual([1, 0]);
  });

  it('a value equal to an edge falls in the bin that ends at that edge', () => {
    expect(binCounts([0, 1, 1.5, 2, 3], [1, 2])).toEqual([2, 2, 1]);
  });

  it('a constant reference gives one inner edge and a std floor of 0.001', () => {
    expect(decileEdges([4, 4, 4, 4])).toEqual([4]);
    // W1 between {4,4} and {4,5} is 0.5; divided by the 0.001 floor.
    expectClose(wassersteinNormalized([4, 4], [4, 5]), 500, 1e-12, 0, 'W');
  });

  it('an empty side has no distribution: no edges, and binned measures refuse it', () => {
    expect(decileEdges([null])).toEqual([]);
    expect(() => binnedMeasures([null], [1, 2])).toThrow(RangeError);
    expect(() => binnedMeasures([1, 2], [])).toThrow(RangeError);
  });
});
