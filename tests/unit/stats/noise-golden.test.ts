// The null models of docs/statistics.md#noise-aware-verdicts against SciPy / numpy:
// expected values from tests/golden/noise.json, written by tests/golden/noise.py (SciPy 1.10).
import { describe, expect, it } from 'vitest';
import { hellinger, jensenShannon, lInfinity, proportions, psi } from '../../../src/stats/distances.js';
import { quantileSorted } from '../../../src/stats/drift/bins.js';
import { binnedMoments, noisePValue } from '../../../src/stats/drift/null-model.js';
import { populationStd, wassersteinNormalizedSorted } from '../../../src/stats/drift/numerical.js';
import { sharesOf } from '../../../src/stats/drift/profile.js';
import { wassersteinNull } from '../../../src/stats/drift/wasserstein-null.js';
import { expectClose, readGolden } from '../../helpers/golden.js';

type Binned = 'psi' | 'jensenShannon' | 'hellinger';
interface Golden {
  binned: {
    name: string;
    ref: number[];
    cur: number[];
    expected: Record<Binned | 'lInfinity', { statistic: number; noisePValue: number }>;
  }[];
  drawn: {
    name: string;
    shares: number[];
    n: number;
    expected: Record<Binned, { mean: number; variance: number }>;
  }[];
  wasserstein: {
    name: string;
    ref: number[];
    cur: number[];
    expected: {
      simulatedMean: number;
      simulatedVariance: number;
      mean: number;
      variance: number;
      wasserstein: number;
      noisePValue: number;
    };
  }[];
}

const golden = readGolden<Golden>('noise.json');
const DISTANCE = { psi, jensenShannon, hellinger, lInfinity };
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe.each(golden.binned)('binned null model: $name', (c) => {
  const model = { count: sum(c.ref), shares: sharesOf(c.ref), wasserstein: null };
  it.each(['psi', 'jensenShannon', 'hellinger', 'lInfinity'] as const)(
    '%s: statistic and noise p-value as SciPy gives them',
    (method) => {
      const statistic = DISTANCE[method](proportions(c.ref), proportions(c.cur));
      expectClose(statistic, c.expected[method].statistic, 1e-12, 1e-15, `${method} statistic`);
      const p = noisePValue(method, { statistic, pValue: null }, model, sum(c.cur));
      expectClose(p, c.expected[method].noisePValue, 1e-8, 1e-15, `${method} noise p-value`);
    },
  );
});

describe.each(golden.drawn)('drawn null moments for rare bins: $name', (c) => {
  // 1,000 seeded draws against numpy's 200,000: the mean's sampling error is about 2%, the
  // variance's up to 10% for PSI, whose empty-bin rule gives it a heavy tail.
  it.each(['psi', 'jensenShannon', 'hellinger'] as const)('%s', (method) => {
    const got = binnedMoments(method, c.shares, c.n);
    expectClose(got.mean, c.expected[method].mean, 0.08, 0, `${method} mean`);
    expectClose(got.variance, c.expected[method].variance, 0.3, 0, `${method} variance`);
  });
});

describe("Pearson's moments (Cochran 1952)", () => {
  it('are used when every bin expects 5 or more; the 1/n term may be negative', () => {
    const shares = [0.5, 0.3, 0.2];
    const { mean, variance } = binnedMoments('jensenShannon', shares, 100);
    expect(mean).toBe(2);
    expectClose(variance, 4 + (1 / 0.5 + 1 / 0.3 + 1 / 0.2 - 9 - 6 + 2) / 100, 1e-14, 0, 'variance');
    // Equal shares: 2(k − 1)(1 − 1/n).
    expectClose(
      binnedMoments('psi', [0.25, 0.25, 0.25, 0.25], 50).variance,
      6 * (1 - 1 / 50),
      1e-14,
      0,
      'uniform',
    );
  });
});

describe.each(golden.wasserstein)('Wasserstein null model: $name reference', (c) => {
  const ref = Float64Array.from(c.ref).sort();
  const std = populationStd(ref);
  const moments = wassersteinNull((u) => quantileSorted(ref, u), std);

  it('has the moments of the grid formula, as numpy computes it', () => {
    expectClose(moments.mean, c.expected.mean, 1e-9, 0, 'mean');
    expectClose(moments.variance, c.expected.variance, 1e-8, 0, 'variance');
  });

  it('is close to the simulated limit (4,000 windows of 4,000 by scipy.stats.wasserstein_distance)', () => {
    // The grid's tail segments overstate the mean a little: the p-value errs large.
    expectClose(moments.mean, c.expected.simulatedMean, 0.06, 0, 'mean');
    expectClose(moments.variance, c.expected.simulatedVariance, 0.15, 0, 'variance');
    expect(moments.mean).toBeGreaterThanOrEqual(c.expected.simulatedMean * 0.99);
  });

  it("gives SciPy's gamma tail for an observed window", () => {
    const cur = Float64Array.from(c.cur).sort();
    const statistic = wassersteinNormalizedSorted(ref, cur);
    expectClose(statistic, c.expected.wasserstein, 1e-9, 1e-15, 'W');
    const model = { count: ref.length, shares: [], wasserstein: moments };
    const p = noisePValue('wasserstein', { statistic, pValue: null }, model, cur.length);
    expectClose(p, c.expected.noisePValue, 1e-7, 1e-15, 'noise p-value');
  });
});
