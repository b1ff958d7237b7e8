// Method choice, thresholds and minSamples follow docs/statistics.md (Evidently's rule).
// Measure values: tests/golden/drift.json (SciPy 1.10 / numpy, see tests/golden/drift.py).
import { describe, expect, it } from 'vitest';
import { defaultMethod, UnsupportedMethodError } from '../../../src/stats/drift/methods.js';
import { expectClose } from '../../helpers/golden.js';
import { rawFeatureDrift } from '../../helpers/raw-evaluation.js';
import { golden } from './drift-golden.js';

const normal = golden.numerical.find((c) => c.name.startsWith('normal shift'))!;

describe('default method, chosen from the reference', () => {
  it.each([
    ['numerical', 1000, 6, 'ks'],
    ['numerical', 1001, 6, 'wasserstein'],
    ['numerical', 1000, 5, 'chiSquare'],
    ['numerical', 1000, 2, 'zTest'],
    ['numerical', 5000, 2, 'jensenShannon'],
    ['categorical', 1000, 40, 'chiSquare'],
    ['categorical', 10, 2, 'zTest'],
    ['categorical', 1001, 2, 'jensenShannon'],
  ] as const)('%s, %i rows, %i distinct values → %s', (type, rows, distinct, method) => {
    expect(defaultMethod({ type, rows, distinct })).toBe(method);
  });

  it('the golden cases get their method from reference size and distinct values', () => {
    for (const c of golden.numerical) {
      const result = rawFeatureDrift({ name: c.name, type: 'numerical' }, c.ref, c.cur);
      const small = c.ref.length <= 1000;
      const expected = !c.expected.discrete
        ? small
          ? 'ks'
          : 'wasserstein'
        : !small
          ? 'jensenShannon'
          : c.expected.distinct === 2
            ? 'zTest'
            : 'chiSquare';
      expect(result.method, c.name).toBe(expected);
    }
  });
});

describe('overrides', () => {
  it('a configured method and threshold replace the defaults', () => {
    const byDefault = rawFeatureDrift({ name: 'x', type: 'numerical' }, normal.ref, normal.cur);
    const psi = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'psi', threshold: 1 } },
      normal.ref,
      normal.cur,
    );
    expect(byDefault).toMatchObject({ method: 'ks', threshold: 0.05, drifted: true });
    expect(psi).toMatchObject({
      method: 'psi',
      threshold: 1,
      statistic: normal.expected.psi,
      pValue: null,
      drifted: false,
    });
  });

  it('a bin test chosen for a continuous feature is computed on the decile bins', () => {
    const chi = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'chiSquare' } },
      normal.ref,
      normal.cur,
    );
    expectClose(chi.pValue!, normal.expected.chiSquare.pValue, 1e-9, 1e-300, 'chi2 p');
    const linf = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'lInfinity' } },
      normal.ref,
      normal.cur,
    );
    expect(linf).toMatchObject({ threshold: 0.1, statistic: normal.expected.lInfinity });
  });

  it('ks and wasserstein cannot judge a categorical feature', () => {
    expect(() =>
      rawFeatureDrift({ name: 'c', type: 'categorical', drift: { method: 'ks' } }, ['a'], ['b']),
    ).toThrow(UnsupportedMethodError);
  });
});

describe('minSamples and empty windows', () => {
  const ref = normal.ref;
  it('a window with fewer than 100 values has no verdict', () => {
    const result = rawFeatureDrift({ name: 'x', type: 'numerical' }, ref, normal.cur.slice(0, 99));
    expect(result).toEqual({
      name: 'x',
      type: 'numerical',
      method: 'ks',
      statistic: null,
      pValue: null,
      threshold: 0.05,
      noisePValue: null,
      alpha: result.alpha,
      practical: null,
      drifted: null,
      status: 'insufficient_data',
      measures: null,
    });
    expect(rawFeatureDrift({ name: 'x', type: 'numerical' }, ref, normal.cur.slice(0, 100)).status).toBe(
      'ok',
    );
  });

  it('missing values do not count towards minSamples', () => {
    const padded = [...normal.cur.slice(0, 99), null, Number.NaN, 'text'];
    expect(rawFeatureDrift({ name: 'x', type: 'numerical' }, ref, padded).status).toBe('insufficient_data');
  });

  it('a configured minSamples replaces the default', () => {
    const result = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { minSamples: 10 } },
      ref,
      normal.cur.slice(0, 10),
    );
    expect(result.status).toBe('ok');
  });

  it('an empty window, or a reference without values, is insufficient data', () => {
    expect(rawFeatureDrift({ name: 'x', type: 'numerical', drift: { minSamples: 1 } }, ref, []).status).toBe(
      'insufficient_data',
    );
    expect(
      rawFeatureDrift({ name: 'x', type: 'numerical', drift: { minSamples: 1 } }, [null], [1]).status,
    ).toBe('insufficient_data');
    expect(
      rawFeatureDrift({ name: 'c', type: 'categorical', drift: { minSamples: 1 } }, ['a'], [null]).status,
    ).toBe('insufficient_data');
  });

  it('a constant reference normalizes Wasserstein by 0.001 (golden constant case)', () => {
    const c = golden.numerical.find((g) => g.name.startsWith('constant'))!;
    expect(c.expected.referenceStd).toBe(0);
    const result = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'wasserstein' } },
      c.ref,
      c.cur,
    );
    expectClose(result.statistic!, c.expected.wasserstein, 1e-9, 0, 'W');
    expect(result.drifted).toBe(true);
  });
});
