import { describe, expect, it } from 'vitest';
import {
  BinarySummary,
  MulticlassSummary,
  RegressionSummary,
  SummaryFormatError,
  realizedPerformance,
  realizedPerformanceSchema,
} from '../../../src/stats/performance/index.js';
import { expectClose, expectMetrics, golden, type GoldenBinary } from '../../helpers/performance-golden.js';

// Expected values: tests/golden/performance.json (scikit-learn, via tests/golden/performance.py).
// Everything but ROC AUC is kept exactly in the summaries, so it must match to 1e-9;
// ROC AUC comes from the score grid and must be within DESIGN.md's 0.005.

function binarySummaryOf(c: GoldenBinary, from = 0, to = c.actual.length): BinarySummary {
  const summary = new BinarySummary();
  for (let i = from; i < to; i++) summary.add(c.actual[i] === 1, c.predicted[i] === 1, c.scores[i]);
  return summary;
}

describe('binary classification summary', () => {
  for (const c of golden.binary) {
    it(`${c.name}: merged tiles give sklearn's metrics (AUC within 0.005)`, () => {
      const thirds = [
        0,
        Math.floor(c.actual.length / 3),
        Math.floor((2 * c.actual.length) / 3),
        c.actual.length,
      ];
      const merged = new BinarySummary();
      for (let k = 0; k < 3; k++) {
        const tile = BinarySummary.fromBytes(binarySummaryOf(c, thirds[k], thirds[k + 1]).toBytes());
        merged.merge(tile);
      }
      const metrics = merged.metrics();
      const { rocAuc: expectedAuc, ...exact } = c.expected;
      expectMetrics(metrics, exact, c.name);
      if (expectedAuc === null) {
        expect(metrics.rocAuc).toBeNull();
      } else {
        const error = Math.abs(metrics.rocAuc! - expectedAuc);
        expect(error).toBeLessThanOrEqual(0.005);
        expect(error).toBeLessThanOrEqual(merged.rocAucMaxError()! + 1e-12);
      }
      expect(merged.labelled).toBe(c.actual.length);
    });
  }

  it('serializes to the same bytes after a round trip, and to few bytes per pair', () => {
    const c = golden.binary[0]!;
    const bytes = binarySummaryOf(c).toBytes();
    expect(BinarySummary.fromBytes(bytes).toBytes()).toEqual(bytes);
    // 400 pairs: header, counts, 10 calibration bins, and ~3 bytes per occupied grid bin.
    expect(bytes.length).toBeLessThan(400 * 4 + 300);
  });

  it('keeps pairs without a score in the confusion counts only', () => {
    const summary = new BinarySummary().add(true, true, 0.9).add(false, true).add(true, false, null);
    expect(summary.labelled).toBe(3);
    expect(summary.scored).toBe(1);
    expect(summary.metrics().accuracy).toBeCloseTo(1 / 3, 12);
    expect(summary.metrics().brier).toBeCloseTo(0.01, 12);
  });
});

describe('multiclass summary', () => {
  for (const c of golden.multiclass) {
    it(`${c.name}: merged tiles with different class orders give sklearn's metrics`, () => {
      const half = Math.floor(c.actual.length / 2);
      const first = new MulticlassSummary(c.classes);
      const second = new MulticlassSummary([...c.classes].reverse());
      c.actual.forEach((a, i) => (i < half ? first : second).add(a, c.predicted[i]!));
      const merged = MulticlassSummary.fromBytes(first.toBytes()).merge(
        MulticlassSummary.fromBytes(second.toBytes()),
      );
      const metrics = merged.metrics();
      expectMetrics(metrics, c.expected, c.name);
      expect(merged.labelled).toBe(c.actual.length);
    });
  }

  it('stores counts beyond 2^32 exactly (a long-lived reference)', () => {
    const summary = new MulticlassSummary(['a', 'b']).add('a', 'b', 2 ** 40 + 3).add('b', 'b', 2 ** 53 - 1);
    const read = MulticlassSummary.fromBytes(summary.toBytes());
    expect(read.count('a', 'b')).toBe(2 ** 40 + 3);
    expect(read.count('b', 'b')).toBe(2 ** 53 - 1);
  });

  it('appends a class outside the list instead of failing', () => {
    const summary = new MulticlassSummary(['a', 'b']).add('c', 'a');
    expect(summary.classes).toEqual(['a', 'b', 'c']);
    expect(summary.count('c', 'a')).toBe(1);
  });
});

describe('regression summary', () => {
  for (const c of golden.regression) {
    it(`${c.name}: merged tiles give sklearn's metrics`, () => {
      const tiles = [new RegressionSummary(), new RegressionSummary(), new RegressionSummary()];
      c.actual.forEach((a, i) => tiles[i % 3]!.add(a, c.predicted[i]!));
      const merged = tiles.map((t) => RegressionSummary.fromBytes(t.toBytes())).reduce((a, b) => a.merge(b));
      const metrics = merged.metrics();
      expectMetrics(metrics, c.expected, c.name);
    });
  }

  it('keeps R² accurate for actuals far from zero (year-like values, offset by 1e6)', () => {
    // Shifting actual and predicted by the same constant leaves every error and R² unchanged.
    const c = golden.regression.find((r) => r.name === 'year_like')!;
    const summary = new RegressionSummary();
    c.actual.forEach((a, i) => summary.add(a + 1e6, c.predicted[i]! + 1e6));
    expectClose(summary.metrics().r2, c.expected.r2, 'r2', 1e-6);
  });
});

describe('stored summaries are validated on read', () => {
  const binary = binarySummaryOf(golden.binary[0]!).toBytes();
  const regression = new RegressionSummary().add(1, 2).toBytes();
  const multiclass = new MulticlassSummary(['a', 'b']).add('a', 'b').toBytes();

  it.each([
    ['an unknown version', () => BinarySummary.fromBytes(Uint8Array.of(binary[0]!, 99, ...binary.slice(2)))],
    ['another summary kind', () => BinarySummary.fromBytes(regression)],
    ['a truncated tile', () => BinarySummary.fromBytes(binary.slice(0, binary.length - 3))],
    ['trailing bytes', () => RegressionSummary.fromBytes(Uint8Array.of(...regression, 0))],
    ['an empty buffer', () => MulticlassSummary.fromBytes(new Uint8Array(0))],
    [
      'a class index out of range',
      () => MulticlassSummary.fromBytes(Uint8Array.of(...multiclass.slice(0, -3), 7, 0, 1)),
    ],
  ])('refuses %s', (_what, read) => {
    expect(read).toThrow(SummaryFormatError);
  });

  it('refuses a binary summary whose calibration bins disagree with its histograms', () => {
    const summary = new BinarySummary().add(true, true, 0.9);
    const bytes = summary.toBytes();
    // Byte layout: header (2), four 1-byte counts, two float64 sums, then bin 0's count.
    const tampered = Uint8Array.from(bytes);
    tampered[2 + 4 + 16] = 1;
    expect(() => BinarySummary.fromBytes(tampered)).toThrow(SummaryFormatError);
  });
});

describe('realized performance', () => {
  it('reports labelled count and coverage and fits the response schema', () => {
    const summary = binarySummaryOf(golden.binary[0]!);
    const result = realizedPerformance(summary, 800);
    expect(result).toMatchObject({ task: 'binary_classification', labelled: 400, coverage: 0.5 });
    expect(realizedPerformanceSchema.parse(result)).toEqual(result);
  });

  it('has null coverage without predictions and refuses more labels than predictions', () => {
    expect(realizedPerformance(new RegressionSummary(), 0).coverage).toBeNull();
    expect(() => realizedPerformance(new RegressionSummary().add(1, 1), 0)).toThrow(RangeError);
  });
});
