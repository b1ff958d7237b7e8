// Confidence intervals of performance (docs/statistics.md#uncertainty-of-performance). Expected
// values: tests/golden/intervals.json, written by tests/golden/intervals.py (SciPy 1.10's Wilson
// interval, scikit-learn 1.2's ROC AUC and MAE, DeLong's variance by Sun & Xu's midranks).
import { describe, expect, it } from 'vitest';
import { estimateCbpe } from '../../../src/stats/cbpe/estimate.js';
import { BinarySummary } from '../../../src/stats/performance/binary-summary.js';
import type { Interval } from '../../../src/stats/performance/intervals.js';
import { realizedPerformance } from '../../../src/stats/performance/realized.js';
import { RegressionSummary } from '../../../src/stats/performance/regression-summary.js';
import { expectClose, readGolden } from '../../helpers/golden.js';

interface Golden {
  binary: {
    name: string;
    actual: number[];
    scores: number[];
    expected: Record<'accuracy' | 'precision' | 'recall' | 'rocAuc', Interval> & { auc: number };
  }[];
  regression: { actual: number[]; predicted: number[]; expected: { mae: Interval } };
  cbpe: { scores: number[]; expected: { accuracy: Interval } };
}

const golden = readGolden<Golden>('intervals.json');

function expectInterval(got: Interval | null | undefined, want: Interval, what: string, rel = 1e-9): void {
  expect(got, what).toBeTruthy();
  expectClose(got!.low, want.low, rel, 1e-15, `${what} low`);
  expectClose(got!.high, want.high, rel, 1e-15, `${what} high`);
  expectClose(got!.standardError, want.standardError, rel, 1e-15, `${what} standard error`);
}

describe.each(golden.binary)('binary classifier, $name', (c) => {
  const summary = new BinarySummary();
  c.actual.forEach((a, i) => summary.add(a === 1, c.scores[i]! >= 0.5, c.scores[i]));
  const realized = realizedPerformance(summary, c.actual.length);
  if (realized.task !== 'binary_classification') throw new Error('not binary');

  it('Wilson intervals for accuracy, precision and recall, as SciPy gives them', () => {
    expect(realized.intervals!.confidence).toBe(0.95);
    for (const key of ['accuracy', 'precision', 'recall'] as const) {
      expectInterval(realized.intervals![key], c.expected[key], key);
    }
  });

  it("DeLong's interval for ROC AUC, from the score histogram", () => {
    expectClose(realized.metrics.rocAuc, c.expected.auc, 1e-12, 0, 'auc');
    expectInterval(realized.intervals!.rocAuc, c.expected.rocAuc, 'rocAuc');
  });
});

describe('regression', () => {
  it('MAE ± z·sd(|error|)/√n', () => {
    const { actual, predicted, expected } = golden.regression;
    const summary = new RegressionSummary();
    actual.forEach((a, i) => summary.add(a, predicted[i]!));
    const realized = realizedPerformance(summary, actual.length);
    if (realized.task !== 'regression') throw new Error('not regression');
    expectInterval(realized.intervals!.mae, expected.mae, 'mae', 1e-7);
  });
});

describe('CBPE', () => {
  it("the expected accuracy's sampling error: √(Σ p(1 − p))/n", () => {
    const { scores, expected } = golden.cbpe;
    const estimate = estimateCbpe(
      { method: 'identity' },
      scores,
      scores.map((p) => p >= 0.5),
    );
    expectInterval(estimate.intervals!.accuracy, expected.accuracy, 'accuracy');
  });
});
