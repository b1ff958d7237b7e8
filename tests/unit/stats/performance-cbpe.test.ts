import { describe, expect, it } from 'vitest';
import {
  CbpeSummary,
  calibrate,
  cbpeCalibrationSchema,
  estimateCbpe,
  fitCbpe,
  fitIsotonic,
  type CbpeCalibration,
} from '../../../src/stats/cbpe/index.js';
import { SummaryFormatError, estimatedPerformanceSchema } from '../../../src/stats/performance/index.js';
import { expectClose, expectMetrics, golden, toBooleans } from '../../helpers/performance-golden.js';
import { seededRandom, sigmoid } from '../../helpers/random.js';

// Expected estimates: tests/golden/performance.json. tests/golden/performance.py computes
// them with sklearn's accuracy/precision/recall/f1/roc_auc_score on every prediction
// counted twice, as a positive with weight p and a negative with weight 1 − p, which is
// the expected confusion matrix (and CBPE's ROC AUC) by definition. The isotonic
// calibration there is sklearn's IsotonicRegression fitted on the case's reference.

describe('CBPE estimate matches the expected confusion matrix computed by scikit-learn', () => {
  for (const c of golden.cbpe) {
    const calibration: CbpeCalibration = c.calibration
      ? { method: 'isotonic', ...c.calibration }
      : { method: 'identity' };

    it(`${c.name}: from raw scores (1e-9)`, () => {
      if (c.referenceScores && c.referenceActual) {
        const refit = fitIsotonic(c.referenceScores, c.referenceActual);
        refit.x.forEach((x, i) => expectClose(x, c.calibration!.x[i]!, `knot x[${i}]`));
        refit.y.forEach((y, i) => expectClose(y, c.calibration!.y[i]!, `knot y[${i}]`));
      }
      c.scores.forEach((s, i) => expectClose(calibrate(calibration, s), c.calibrated[i]!, `p[${i}]`));
      const estimate = estimateCbpe(calibration, c.scores, toBooleans(c.predicted));
      expectMetrics(estimate.metrics, c.expected, c.name);
      expect(estimate.predictions).toBe(c.scores.length);
      expect(estimatedPerformanceSchema.parse(estimate)).toEqual(estimate);
    });

    it(`${c.name}: from merged tile summaries (within 1e-3)`, () => {
      const tiles = [new CbpeSummary(), new CbpeSummary()];
      c.scores.forEach((s, i) => tiles[i % 2]!.add(s, c.predicted[i] === 1));
      const window = tiles.map((t) => CbpeSummary.fromBytes(t.toBytes())).reduce((a, b) => a.merge(b));
      const estimate = window.estimate(calibration);
      expectMetrics(estimate.metrics, c.expected, c.name, 1e-3);
      expect(window.predictions).toBe(c.scores.length);
    });
  }

  it('from a summary stays within 1e-4 of the raw estimate when bins hold many scores (200,000)', () => {
    // Both sides are ours; the raw estimate is the one checked against sklearn above.
    const r = seededRandom(3);
    const reference = { scores: [] as number[], actual: [] as boolean[] };
    for (let i = 0; i < 5000; i++) {
      const z = r.logistic();
      reference.scores.push(sigmoid(2 * z));
      reference.actual.push(r.bernoulli(sigmoid(z)));
    }
    const { calibration } = fitCbpe(reference.scores, reference.actual);
    expect(calibration.method).toBe('isotonic');
    const scores = Array.from({ length: 200_000 }, () => sigmoid(2 * r.logistic(0.5)));
    const predicted = scores.map((s) => s >= 0.5);
    const raw = estimateCbpe(calibration, scores, predicted).metrics;
    const summary = new CbpeSummary();
    scores.forEach((s, i) => summary.add(s, predicted[i]!));
    const fromSummary = summary.estimate(calibration).metrics;
    for (const key of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const) {
      expect(Math.abs(fromSummary[key]! - raw[key]!)).toBeLessThan(1e-4);
    }
  });

  it('refuses a stored CBPE summary with a score sum its count cannot reach', () => {
    const bytes = new CbpeSummary().add(0.25, true).toBytes();
    // Layout: header, predicted positives (1 bin: delta, count 1, float64 sum), predicted negatives (0 bins).
    const sumOffset = bytes.length - 1 - 8;
    expect(new DataView(bytes.buffer).getFloat64(sumOffset, true)).toBe(0.25);
    const tampered = Uint8Array.from(bytes);
    new DataView(tampered.buffer).setFloat64(sumOffset, 2, true);
    expect(() => CbpeSummary.fromBytes(tampered)).toThrow(SummaryFormatError);
    expect(() => CbpeSummary.fromBytes(tampered)).toThrow(/score sum 2 impossible/);
  });
});

describe('fitting CBPE on a reference (isotonic only when it lowers the calibration error)', () => {
  function reference(seed: number, n: number, score: (z: number) => number) {
    const r = seededRandom(seed);
    const scores: number[] = [];
    const actual: boolean[] = [];
    for (let i = 0; i < n; i++) {
      const z = r.logistic();
      scores.push(score(z));
      actual.push(r.bernoulli(sigmoid(z)));
    }
    return { scores, actual };
  }

  it('calibrates overconfident scores, and the calibration survives JSON', () => {
    const { scores, actual } = reference(7, 4000, (z) => sigmoid(3 * z));
    const fit = fitCbpe(scores, actual);
    expect(fit.decidedBy).toBe('ece');
    expect(fit.calibration.method).toBe('isotonic');
    expect(fit.eceAfter!).toBeLessThan(fit.eceBefore!);
    const stored = cbpeCalibrationSchema.parse(JSON.parse(JSON.stringify(fit.calibration)));
    expect(calibrate(stored, 0.9)).toBe(calibrate(fit.calibration, 0.9));
    // sigmoid(3z) = 0.9 means z = ln(9)/3, true probability sigmoid(ln(9)/3) ≈ 0.675.
    expect(calibrate(stored, 0.9)).toBeGreaterThan(0.6);
    expect(calibrate(stored, 0.9)).toBeLessThan(0.75);
  });

  it('keeps raw scores when the reference has one class, separates the classes, or is tiny', () => {
    expect(fitCbpe([0.2, 0.4, 0.6, 0.9], [false, false, false, false]).decidedBy).toBe('single_class');
    expect(fitCbpe([0.1, 0.2, 0.8, 0.9], [false, false, true, true]).decidedBy).toBe('separable');
    expect(fitCbpe([0.1, 0.9], [false, true]).decidedBy).toBe('too_few_rows');
    expect(fitCbpe([0.1, 0.2, 0.8, 0.9], [false, false, true, true]).calibration).toEqual({
      method: 'identity',
    });
  });

  it('refuses scores that are not probabilities', () => {
    expect(() => fitCbpe([0.1, 1.5, 0.2, 0.3], [true, false, true, false])).toThrow(RangeError);
  });
});
