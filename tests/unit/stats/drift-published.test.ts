// Published vectors from Frouros', Evidently's and NannyML's test suites, where their
// definition is ours (tests/golden/drift_published.py lists those left out and why).
// Each vector in tests/golden/drift.json carries `expected`, computed by SciPy 1.10 / numpy
// under docs/statistics.md's definition, and `published`, the number printed in the test named in
// `source`, which that test asserts within `tolerance` (`asserts` quotes how).
import { describe, expect, it } from 'vitest';
import { hellinger, jensenShannon, lInfinity, proportions, psi } from '../../../src/stats/distances.js';
import { alignCounts, chiSquareTest, countCategories, zTest } from '../../../src/stats/drift/categorical.js';
import { expectClose } from '../../helpers/golden.js';
import { evaluateRawColumns } from '../../helpers/raw-evaluation.js';
import { golden, publishedVector, type PublishedMeasure, type PublishedVector } from './drift-golden.js';

const distances = { psi, jensenShannon, hellinger, lInfinity };

function ours(measure: PublishedMeasure, ref: readonly number[], cur: readonly number[]): number {
  switch (measure) {
    case 'chiSquare.statistic':
      return chiSquareTest(ref, cur).statistic;
    case 'chiSquare.pValue':
      return chiSquareTest(ref, cur).pValue!;
    case 'zTest.pValue':
      return zTest(two(ref), two(cur)).pValue!;
    default:
      return distances[measure](proportions(ref), proportions(cur));
  }
}

function two(counts: readonly number[]): [number, number] {
  expect(counts).toHaveLength(2);
  return [counts[0]!, counts[1]!];
}

/** Aligned counts from the raw values (missing values skipped), or the stored counts. */
function counts(v: PublishedVector): { ref: number[]; cur: number[] } {
  if (v.ref === undefined || v.cur === undefined) return { ref: v.refCounts, cur: v.curCounts };
  return alignCounts(countCategories(v.ref), countCategories(v.cur));
}

describe.each(golden.published.vectors)('$name — $source', (v) => {
  const { ref, cur } = counts(v);

  it('counts the same categories as the generator', () => {
    expect([ref, cur]).toEqual([v.refCounts, v.curCounts]);
  });

  it(`${v.measure} matches SciPy / numpy under our definition to 1e-9`, () => {
    expectClose(ours(v.measure, ref, cur), v.expected, 1e-9, 1e-15, v.measure);
  });

  it(`matches the published ${v.published} as the source asserts it: ${v.asserts}`, () => {
    expect(Math.abs(ours(v.measure, ref, cur) - v.published)).toBeLessThanOrEqual(v.tolerance);
  });
});

describe('published verdicts', () => {
  // Evidently treats these small integer columns as categorical (column_type "cat"), so they
  // go through our categorical path; as a numerical feature with reference values {2, 3} the
  // values 1 and 2 would share the bin (−∞, 2] and PSI would be 0.
  it('Evidently E3: PSI 2.93 on [3,2,2] vs [1,2,3] drifts at Evidently’s threshold 0.1 and at our 0.2', () => {
    const v = publishedVector('Evidently E3 PSI, [3,2,2] vs [1,2,3]');
    for (const threshold of [0.1, undefined]) {
      const drift = {
        minSamples: 1,
        method: 'psi' as const,
        ...(threshold === undefined ? {} : { threshold }),
      };
      // Published verdicts are by the threshold alone: the noise test is off (alpha 1).
      const report = evaluateRawColumns(
        [{ name: 'col', type: 'categorical', drift }],
        { col: v.ref! },
        { col: v.cur! },
        { alpha: 1 },
      );
      expect(report.features[0]).toMatchObject({ method: 'psi', drifted: true, threshold: threshold ?? 0.2 });
      expectClose(report.features[0]!.statistic!, v.expected, 1e-9, 1e-15, 'psi');
    }
  });

  it('Evidently E4: chi-square on [1,2,3] vs [1,2,3] gives p = 1 and no drift', () => {
    const v = publishedVector('Evidently E4 chi-square, [1,2,3] vs [1,2,3]');
    const drift = { minSamples: 1, method: 'chiSquare' as const };
    const report = evaluateRawColumns(
      [{ name: 'col', type: 'categorical', drift }],
      { col: v.ref! },
      { col: v.cur! },
    );
    expect(report.features[0]).toMatchObject({ pValue: v.published, drifted: false });
  });
});

// Evidently's chi-square (E1) is a goodness-of-fit test of the window's counts against the
// reference shares scaled to the window's size: scipy.stats.chisquare(C, R · n_C / n_R) gives
// its p = 0.67309 for R vs C, and the same p when R's counts are doubled, because the
// reference is taken as exact. docs/statistics.md's chi-square is the homogeneity test on the 2 × K
// table (scipy.stats.chi2_contingency, correction=False): both samples are random, so the
// expected counts come from the pooled margins and the p-value depends on both sizes. On the
// same data it is 0.89853 (R vs C) and 0.83007 (2R vs C); 0.67309 is not expected here.
describe.each(golden.published.contrasts)('contrast: $name — $source', (c) => {
  const { ref, cur } = counts(c);

  it(`p = ${c.expected.toFixed(5)} as SciPy's chi2_contingency(correction=False), not the published ${c.published}`, () => {
    const p = chiSquareTest(ref, cur).pValue;
    expectClose(p, c.expected, 1e-9, 1e-300, 'chi2_contingency p');
    expect(Math.abs(p! - c.published)).toBeGreaterThan(c.tolerance);
  });
});
