import { describe, expect, it } from 'vitest';
import {
  equalCountBinEdges,
  equalCountEce,
  stratifiedFolds,
} from '../../../src/stats/cbpe/calibration-check.js';
import { fitIsotonic, poolAdjacentViolators, predictIsotonic } from '../../../src/stats/cbpe/isotonic.js';
import { expectClose, golden, toBooleans } from '../../helpers/performance-golden.js';

describe('isotonic regression matches sklearn.isotonic.IsotonicRegression(out_of_bounds="clip")', () => {
  // Expected thresholds and predictions: tests/golden/performance.json (tests/golden/performance.py).
  for (const c of golden.isotonic) {
    it(c.name, () => {
      const fit = fitIsotonic(c.x, c.y, c.weight ?? undefined);
      expect(fit.x).toHaveLength(c.expected.thresholdsX.length);
      fit.x.forEach((x, i) => expectClose(x, c.expected.thresholdsX[i]!, `${c.name} x[${i}]`));
      fit.y.forEach((y, i) => expectClose(y, c.expected.thresholdsY[i]!, `${c.name} y[${i}]`));
      c.query.forEach((q, i) =>
        expectClose(predictIsotonic(fit, q), c.expected.predicted[i]!, `${c.name} f(${q})`),
      );
    });
  }

  it('pools violators into their weighted mean (by hand: [1, 3, 2] with weights [1, 1, 3] → [1, 2.25, 2.25])', () => {
    expect(poolAdjacentViolators([1, 3, 2], [1, 1, 3])).toEqual([1, 2.25, 2.25]);
  });

  it('refuses input without any weighted row', () => {
    expect(() => fitIsotonic([0.1, 0.2], [0, 1], [0, 0])).toThrow(RangeError);
  });
});

describe("NannyML's calibration check", () => {
  // Bin edges: the published vectors of NannyML's tests/test_calibration.py ((20, 4) and (10, 3)),
  // plus cases from the numpy transcription of _get_bin_index_edges in tests/golden/performance.py.
  for (const { n, bins, edges } of golden.nannymlCalibration.binEdges) {
    it(`equal-count bin edges for n = ${n}, ${bins} bins`, () => {
      expect(equalCountBinEdges(n, bins)).toEqual(edges);
    });
  }

  it('cannot bin fewer than 4 values', () => {
    expect(() => equalCountBinEdges(3, 10)).toThrow(RangeError);
  });

  // ECE values: numpy transcription of NannyML's _calculate_expected_calibration_error (stable sort).
  golden.nannymlCalibration.ece.forEach((c, k) => {
    it(`equal-count ECE, case ${k} (n = ${c.scores.length})`, () => {
      expectClose(equalCountEce(toBooleans(c.actual), c.scores), c.ece, `ece ${k}`);
    });
  });

  it('deals each class round-robin over the folds, so every fold is stratified', () => {
    const actual = Array.from({ length: 200 }, (_, i) => i % 4 === 0);
    const folds = stratifiedFolds(actual, 10);
    for (let k = 0; k < 10; k++) {
      const inFold = actual.filter((_, i) => folds[i] === k);
      expect(inFold).toHaveLength(20);
      expect(inFold.filter(Boolean)).toHaveLength(5);
    }
    // Not in input order: consecutive positives are not dealt to consecutive folds.
    const positiveFolds = actual.flatMap((a, i) => (a ? [folds[i]] : [])).slice(0, 10);
    expect(positiveFolds).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
