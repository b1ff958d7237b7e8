// Verdicts, dataset drift and the report shape follow docs/statistics.md.
// Measure values: tests/golden/drift.json (SciPy 1.10 / numpy, see tests/golden/drift.py).
import { describe, expect, it } from 'vitest';
import { binomialTail, datasetLevel } from '../../../src/stats/drift/budget.js';
import { datasetDrift, evaluateFeature } from '../../../src/stats/drift/engine.js';
import { numericalProfile } from '../../../src/stats/drift/profile.js';
import type { FeatureDrift, NumericalMeasures } from '../../../src/stats/drift/types.js';
import { evaluationSchema } from '../../../src/stats/evaluation/evaluation.schemas.js';
import { expectClose } from '../../helpers/golden.js';
import { evaluateRawColumns, rawFeatureDrift } from '../../helpers/raw-evaluation.js';
import { golden, publishedVector } from './drift-golden.js';

const normal = golden.numerical.find((c) => c.name.startsWith('normal shift'))!;

describe.each(golden.numerical)('raw feature drift, golden case: $name', (c) => {
  const result = rawFeatureDrift({ name: 'x', type: 'numerical' }, c.ref, c.cur);
  const measures = result.measures as NumericalMeasures;

  it('reports the SciPy / numpy measures', () => {
    expect(result.status).toBe('ok');
    expectClose(measures.ks.statistic, c.expected.ks.statistic, 1e-12, 1e-15, 'D');
    expectClose(measures.ks.pValue, c.expected.ks.pValue, 1e-9, 1e-15, 'p');
    expectClose(measures.wasserstein, c.expected.wasserstein, 1e-9, 1e-15, 'W');
    expectClose(measures.psi, c.expected.psi, 1e-9, 1e-15, 'psi');
    expectClose(measures.jensenShannon, c.expected.jensenShannon, 1e-9, 1e-15, 'js');
    expectClose(measures.hellinger, c.expected.hellinger, 1e-9, 1e-15, 'hellinger');
  });

  it('bins a discrete reference one bin per value, continuous ones by deciles', () => {
    expect(numericalProfile(c.ref).edges).toEqual(c.expected.edges);
    expect(numericalProfile(c.ref).discrete).toBe(c.expected.discrete);
  });

  it('adds chi-square, L-infinity and z-test on the bins exactly when discrete', () => {
    expect(measures.chiSquare !== undefined).toBe(c.expected.discrete);
    expect(measures.zTest !== undefined).toBe(c.expected.zTest !== undefined);
    if (!c.expected.discrete) return;
    expectClose(measures.chiSquare!.statistic, c.expected.chiSquare.statistic, 1e-9, 1e-15, 'chi2');
    expectClose(measures.chiSquare!.pValue, c.expected.chiSquare.pValue, 1e-9, 1e-300, 'chi2 p');
    expectClose(measures.lInfinity!, c.expected.lInfinity, 1e-9, 1e-15, 'lInfinity');
    if (c.expected.zTest) expectClose(measures.zTest!.pValue, c.expected.zTest.pValue, 1e-9, 1e-300, 'z p');
  });

  it('takes the statistic from the chosen method and judges it against its threshold', () => {
    const chosen =
      result.method === 'ks'
        ? measures.ks
        : result.method === 'chiSquare'
          ? measures.chiSquare
          : result.method === 'zTest'
            ? measures.zTest
            : undefined;
    if (chosen) {
      expect([result.statistic, result.pValue]).toEqual([chosen.statistic, chosen.pValue]);
      expect(result.practical).toBe(chosen.pValue! < 0.05);
      // A test's own p-value is its noise p-value.
      expect(result.noisePValue).toBe(chosen.pValue);
    } else {
      const distance = measures[result.method as 'wasserstein' | 'jensenShannon'];
      expect([result.statistic, result.pValue]).toEqual([distance, null]);
      expect(result.practical).toBe(distance >= 0.1);
    }
    // Drift is a large effect that is also beyond noise at the budget's level.
    expect(result.drifted).toBe(result.practical! && result.noisePValue! < result.alpha);
    // Without the noise test (alpha 1) the verdict is the threshold alone.
    const classic = rawFeatureDrift({ name: 'x', type: 'numerical' }, c.ref, c.cur, { alpha: 1 });
    expect(classic.drifted).toBe(result.practical);
  });
});

describe('categorical features through the exact evaluation', () => {
  it.each(golden.categorical.filter((c) => c.ref !== undefined))('$name', (c) => {
    const report = evaluateRawColumns(
      [{ name: 'c', type: 'categorical', drift: { minSamples: 1 } }],
      { c: c.ref! },
      { c: c.cur! },
    );
    const feature = report.features[0]!;
    expect(feature.type).toBe('categorical');
    const measures = feature.measures as NonNullable<
      Extract<FeatureDrift, { type: 'categorical' }>['measures']
    >;
    expectClose(measures.chiSquare.pValue, c.expected.chiSquare.pValue, 1e-9, 1e-300, 'chi2 p');
    expectClose(measures.jensenShannon, c.expected.jensenShannon, 1e-9, 1e-15, 'js');
    expectClose(measures.lInfinity, c.expected.lInfinity, 1e-9, 1e-15, 'lInfinity');
    // A z-test is reported when the reference has exactly two categories.
    expect(measures.zTest !== undefined).toBe(new Set(c.ref).size === 2);
  });

  it('the Frouros vector drifts under chi-square at p = 0.04657615 < 0.05', () => {
    const frouros = publishedVector('Frouros chi-square p-value');
    const report = evaluateRawColumns(
      [{ name: 'c', type: 'categorical', drift: { minSamples: 1, method: 'chiSquare' } }],
      { c: frouros.ref! },
      { c: frouros.cur! },
      { alpha: 1 },
    );
    expect(report.features[0]).toMatchObject({ method: 'chiSquare', drifted: true, status: 'ok' });
    expectClose(report.features[0]!.pValue!, frouros.expected, 1e-9, 1e-300, 'chi2 p');
  });
});

describe('dataset drift', () => {
  type Verdict = Pick<FeatureDrift, 'status' | 'practical' | 'noisePValue'>;
  const verdict = (practical: boolean | null, noisePValue = 0): Verdict => ({
    status: practical === null ? 'insufficient_data' : 'ok',
    practical,
    noisePValue: practical === null ? null : noisePValue,
  });

  it('without the noise test, is the share of features with a large effect among those evaluated', () => {
    expect(
      datasetDrift([verdict(true), verdict(false), verdict(null), verdict(false), verdict(true)], 1),
    ).toEqual({
      share: 0.5,
      drifted: true,
      threshold: 0.5,
      driftedFeatures: 2,
      evaluatedFeatures: 4,
      alpha: 1,
      featureLevel: 1,
    });
    expect(datasetDrift([verdict(true), verdict(false), verdict(false)], 1).drifted).toBe(false);
  });

  it('counts a feature when its effect is large and its noise p-value is below the dataset level', () => {
    const alpha = 1e-4;
    // Two features, one needed: P(Binomial(2, a) ≥ 1) = 1 − (1 − a)² = alpha.
    const level = 1 - Math.sqrt(1 - alpha);
    const result = datasetDrift([verdict(true, level * 0.99), verdict(false, 0)], alpha);
    expect(result.featureLevel).toBeCloseTo(level, 12);
    expect(result).toMatchObject({ driftedFeatures: 1, drifted: true });
    expect(datasetDrift([verdict(true, level * 1.01), verdict(true, 0.5)], alpha).drifted).toBe(false);
  });

  it('loosens the feature level as more features must move together, up to 0.05', () => {
    // Expected values: SciPy 1.10, scipy.stats.binom.sf and scipy.optimize.brentq.
    // P(Binomial(64, a) ≥ 32) ≤ 1e-6 holds even at a = 0.05: binom.sf(31, 64, 0.05) = 8.7085e-25.
    expectClose(binomialTail(64, 32, 0.05), 8.708536132425217e-25, 1e-9, 0, 'binom.sf(31, 64, 0.05)');
    expect(datasetLevel(64, 0.5, 1e-6)).toBe(0.05);
    // Ten features, five needed: binom.sf(4, 10, a) = 1e-6 at a = 0.021255601405590595.
    expectClose(datasetLevel(10, 0.5, 1e-6), 0.021255601405590595, 1e-9, 0, 'level for 5 of 10');
    expectClose(binomialTail(10, 5, 0.01), 2.4167843198740007e-8, 1e-12, 0, 'binom.sf(4, 10, 0.01)');
  });

  it('has no verdict when no feature was evaluated', () => {
    expect(datasetDrift([verdict(null)], 1e-5)).toMatchObject({
      share: null,
      drifted: null,
      evaluatedFeatures: 0,
      featureLevel: null,
    });
  });

  it('a report validates against the zod schema and survives JSON', () => {
    const cat = golden.categorical.find((c) => c.name.startsWith('two categories 500'))!;
    const evaluation = evaluateRawColumns(
      [
        { name: 'num', type: 'numerical' },
        { name: 'cat', type: 'categorical' },
        { name: 'absent', type: 'numerical' },
      ],
      { num: normal.ref, cat: cat.ref! },
      { num: normal.cur, cat: cat.cur! },
      { alpha: 1 },
    );
    const report = { ...evaluation, datasetDrift: datasetDrift(evaluation.features, 1, 0.6) };
    expect(report.datasetDrift).toMatchObject({
      evaluatedFeatures: 2,
      driftedFeatures: 2,
      share: 1,
      threshold: 0.6,
    });
    expect(evaluationSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
});

describe('evaluateFeature from precomputed measures', () => {
  it('judges measures that came from elsewhere (e.g. summaries) with the same rules', () => {
    const measures = {
      chiSquare: { statistic: 3, pValue: 0.2 },
      psi: 0.25,
      jensenShannon: 0.05,
      hellinger: 0.04,
      lInfinity: 0.02,
    };
    const input = {
      name: 'c',
      type: 'categorical' as const,
      windowCount: 500,
      measures: { type: 'categorical' as const, measures },
      noise: { count: 1000, shares: [0.5, 0.3, 0.2], wasserstein: null },
      alpha: 1,
    };
    expect(evaluateFeature({ ...input, defaultMethod: 'jensenShannon' })).toMatchObject({
      statistic: 0.05,
      drifted: false,
    });
    expect(
      evaluateFeature({ ...input, defaultMethod: 'jensenShannon', config: { method: 'psi' } }),
    ).toMatchObject({
      statistic: 0.25,
      drifted: true,
    });
    expect(evaluateFeature({ ...input, defaultMethod: 'chiSquare' })).toMatchObject({
      pValue: 0.2,
      drifted: false,
    });
  });

  it('a non-finite value for the chosen method is insufficient data, not a verdict', () => {
    const measures = {
      ks: { statistic: 1, pValue: Number.NaN },
      wasserstein: 1,
      psi: 1,
      jensenShannon: 1,
      hellinger: 1,
    };
    const result = evaluateFeature({
      name: 'x',
      type: 'numerical',
      defaultMethod: 'ks',
      config: { minSamples: 1 },
      windowCount: 1,
      measures: { type: 'numerical', measures },
      noise: { count: 10, shares: [1], wasserstein: { grid: Float64Array.from([0, 1]) } },
      alpha: 0.01,
    });
    expect(result.status).toBe('insufficient_data');
  });
});
