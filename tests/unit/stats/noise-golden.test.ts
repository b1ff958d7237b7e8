// The null models of docs/statistics.md#noise-aware-verdicts against SciPy / numpy:
// expected values from tests/golden/noise.json, written by tests/golden/noise.py (SciPy 1.10).
import { describe, expect, it } from 'vitest';
import { hellinger, jensenShannon, lInfinity, proportions, psi } from '../../../src/stats/distances.js';
import { quantileSorted } from '../../../src/stats/drift/bins.js';
import { binnedMoments, noisePValue } from '../../../src/stats/drift/null-model.js';
import { populationStd, wassersteinNormalizedSorted } from '../../../src/stats/drift/numerical.js';
import { sharesOf } from '../../../src/stats/drift/profile.js';
import { wassersteinNull, wassersteinTail } from '../../../src/stats/drift/wasserstein-null.js';
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
  wasserstein: { name: string; ref: number[]; n: number; tail: { level: number; z: number }[] }[];
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
  const model = wassersteinNull((u) => quantileSorted(ref, u), populationStd(ref));

  it("is no lighter than SciPy's tail of 50,000 drawn windows, nor far heavier", () => {
    // At the level-q quantile of SciPy's draws, the p-value is at least 0.8·q: calibrated or
    // conservative (the grid is fixed and the draws seeded, so this is one fixed number).
    for (const { level, z } of c.tail) {
      const p = wassersteinTail(z, model, c.n);
      expect(p, `level ${level}`).toBeGreaterThanOrEqual(0.8 * level);
      expect(p, `level ${level}`).toBeLessThanOrEqual(10 * level);
    }
  });

  it('is seeded and cached: the same inputs give the same p-value', () => {
    const again = wassersteinNull((u) => quantileSorted(ref, u), populationStd(ref));
    expect(wassersteinTail(3, again, c.n)).toBe(wassersteinTail(3, model, c.n));
  });

  it('reads a noise p-value for an observed window through noisePValue', () => {
    const shifted = Float64Array.from(c.ref.slice(0, 150), (v) => v + populationStd(ref)).sort();
    const statistic = wassersteinNormalizedSorted(ref, shifted);
    const noise = { count: ref.length, shares: [], wasserstein: model };
    expect(noisePValue('wasserstein', { statistic, pValue: null }, noise, 150)).toBeLessThan(1e-6);
  });
});
