import { describe, expect, it } from 'vitest';
import {
  binaryMetrics,
  eceBin,
  multiclassMetrics,
  regressionMetrics,
  rocAuc,
} from '../../../src/stats/performance/index.js';
import { expectClose, expectMetrics, golden, toBooleans } from '../../helpers/performance-golden.js';

// Expected values: tests/golden/performance.json, computed by tests/golden/performance.py
// with scikit-learn (accuracy_score, precision/recall/f1_score, roc_auc_score, log_loss,
// brier_score_loss, calibration_curve bins for ECE, mean_absolute_error,
// median_absolute_error, numpy's 90th percentile of |error|, ...).

describe('binary metrics from labelled pairs match scikit-learn', () => {
  for (const c of golden.binary) {
    it(c.name, () => {
      const metrics = binaryMetrics({
        actual: toBooleans(c.actual),
        predicted: toBooleans(c.predicted),
        scores: c.scores,
      });
      expectMetrics(metrics, c.expected, c.name);
    });
  }

  it('reports score metrics as null when the model sends no scores', () => {
    const c = golden.binary[0]!;
    const metrics = binaryMetrics({ actual: toBooleans(c.actual), predicted: toBooleans(c.predicted) });
    expect([metrics.rocAuc, metrics.logLoss, metrics.brier, metrics.ece]).toEqual([null, null, null, null]);
    expectClose(metrics.accuracy, c.expected.accuracy, 'accuracy without scores');
  });

  it('returns null for every metric of an empty window', () => {
    const metrics = binaryMetrics({ actual: [], predicted: [], scores: [] });
    expect(Object.values(metrics).every((v) => v === null)).toBe(true);
  });

  it('takes the score metrics over the scored pairs when only some pairs carry a score', () => {
    // As the summaries do (and src/stats/performance/README.md says): the unscored pair counts
    // for accuracy only. The exact path answered null here while summaries answered values.
    const partly = binaryMetrics({
      actual: [true, true, false],
      predicted: [true, false, false],
      scores: [0.9, null, 0.2],
    });
    const scoredOnly = binaryMetrics({ actual: [true, false], predicted: [true, false], scores: [0.9, 0.2] });
    expect(partly.accuracy).toBeCloseTo(2 / 3, 15);
    expect(partly.rocAuc).toBe(1);
    for (const key of ['rocAuc', 'logLoss', 'brier', 'ece'] as const)
      expect(partly[key]).toBe(scoredOnly[key]);
  });

  it('refuses scores outside [0, 1]', () => {
    expect(() => binaryMetrics({ actual: [true], predicted: [true], scores: [1.2] })).toThrow(RangeError);
    expect(() => binaryMetrics({ actual: [true], predicted: [true], scores: [Number.NaN] })).toThrow(
      RangeError,
    );
  });
});

describe('calibration bins follow sklearn.calibration.calibration_curve', () => {
  // Edges are numpy.linspace(0, 1, 11); np.searchsorted(edges[1:-1], s) puts an edge in the lower bin.
  it.each([
    [0, 0],
    [0.1, 0],
    [0.10000000000000002, 1],
    [0.3, 2],
    [0.30000000000000004, 2],
    [0.3000000000000001, 3],
    [0.95, 9],
    [1, 9],
  ])('score %d is in bin %d', (score, bin) => {
    expect(eceBin(score)).toBe(bin);
  });
});

describe('exact ROC AUC', () => {
  it('counts tied positive-negative pairs as one half (roc_auc_score on [0,1,1] with scores [0.5,0.5,0.9] is 0.75)', () => {
    // 2 pairs: (0.5 vs 0.5) tie = 0.5, (0.9 vs 0.5) = 1 → 0.75; by hand from the Mann-Whitney definition.
    expect(rocAuc([false, true, true], [0.5, 0.5, 0.9])).toBe(0.75);
  });
});

describe('multiclass metrics match scikit-learn (default labels, zero_division=0)', () => {
  for (const c of golden.multiclass) {
    it(c.name, () => {
      const metrics = multiclassMetrics(c.actual, c.predicted);
      expectMetrics(metrics, c.expected, c.name);
    });
  }
});

describe('regression metrics match scikit-learn', () => {
  for (const c of golden.regression) {
    it(c.name, () => {
      const metrics = regressionMetrics(c.actual, c.predicted);
      expectMetrics(metrics, c.expected, c.name);
    });
  }
});
