import { describe, expect, it } from 'vitest';
import {
  BinarySummary,
  MulticlassSummary,
  RegressionSummary,
  SummaryFormatError,
  realizedPerformance,
  realizedPerformanceSchema,
} from '../../../src/stats/performance/index.js';
import {
  expectClose,
  expectMetrics,
  golden,
  type GoldenBinary,
  type GoldenRegression,
} from '../../helpers/performance-golden.js';

// Expected values: tests/golden/performance.json (scikit-learn, via tests/golden/performance.py).
// Everything but ROC AUC is kept exactly in the summaries, so it must match to 1e-9;
// ROC AUC comes from the score grid and must be within docs/statistics.md's 0.005.

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

/** Pairs folded into tiles of at most `size` consecutive pairs, stored, read back and merged. */
function mergedRegressionTiles(c: GoldenRegression, size: number): RegressionSummary {
  const tiles: RegressionSummary[] = [];
  c.actual.forEach((a, i) => {
    if (i % size === 0) tiles.push(new RegressionSummary());
    tiles.at(-1)!.add(a, c.predicted[i]!);
  });
  return tiles.map((t) => RegressionSummary.fromBytes(t.toBytes())).reduce((a, b) => a.merge(b));
}

describe('regression summary', () => {
  // Where |error| takes ≤ 1024 distinct values the error sketch is exact, so the median and
  // 90th percentile match sklearn / numpy to 1e-9; past that it is a t-digest, held to a rank
  // error of 0.005 (its largest centroid holds at most π/500 ≈ 0.6 % of the values).
  for (const c of golden.regression) {
    it(`${c.name}: merged tiles give sklearn's metrics`, () => {
      const metrics = mergedRegressionTiles(c, Math.ceil(c.actual.length / 3)).metrics();
      const { medianAbsoluteError, p90AbsoluteError, ...sums } = c.expected;
      expectMetrics(metrics, sums, c.name);
      const quantiles = { medianAbsoluteError, p90AbsoluteError };
      if (c.sketchBounds === undefined) expectMetrics(metrics, quantiles, c.name);
      else {
        for (const [key, [low, high]] of Object.entries(c.sketchBounds)) {
          const value = metrics[key as keyof typeof quantiles]!;
          expect(value, `${key} within numpy's percentiles at q ∓ 0.005`).toBeGreaterThanOrEqual(low);
          expect(value, key).toBeLessThanOrEqual(high);
        }
      }
    });
  }

  it('heavy-tailed errors: minute-sized tiles (≤ 1000 pairs, exact) merge into a sketch within the rank bound', () => {
    const c = golden.regression.find((r) => r.name === 'heavy_tailed_errors')!;
    const merged = mergedRegressionTiles(c, 400);
    for (const [key, q] of [
      ['medianAbsoluteError', 0.5],
      ['p90AbsoluteError', 0.9],
    ] as const) {
      const [low, high] = c.sketchBounds![key];
      expect(merged.absoluteErrorQuantile(q)).toBeGreaterThanOrEqual(low);
      expect(merged.absoluteErrorQuantile(q)).toBeLessThanOrEqual(high);
    }
  });

  it('absoluteErrorQuantile gives every quantile of |error| while exact (numpy linear)', () => {
    const summary = new RegressionSummary().add(10, 7).add(0, 1).add(5, 5).add(2, 4);
    // |errors| = 3, 1, 0, 2: sorted 0, 1, 2, 3; numpy.quantile(q=0.25) = 0.75, q=1 → 3.
    expect([0, 0.25, 0.5, 1].map((q) => summary.absoluteErrorQuantile(q))).toEqual([0, 0.75, 1.5, 3]);
    expect(new RegressionSummary().absoluteErrorQuantile(0.5)).toBeNaN();
    expect(new RegressionSummary().metrics()).toMatchObject({
      medianAbsoluteError: null,
      p90AbsoluteError: null,
    });
  });

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

  it('refuses a regression summary of version 1 (sums without the error sketch), saying so', () => {
    const v1 = Uint8Array.of(regression[0]!, 1, ...regression.slice(2));
    expect(() => RegressionSummary.fromBytes(v1)).toThrow(/version 1 is not supported \(expected 2 or 3\)/);
  });

  it('refuses a regression summary whose error sketch disagrees with its pair count or is corrupted', () => {
    // Byte 2 is the pair count (one varint byte): 2 pairs, but the sketch holds one error.
    const miscounted = Uint8Array.from(regression);
    miscounted[2] = 2;
    expect(() => RegressionSummary.fromBytes(miscounted)).toThrow(
      /error sketch holds 1 values .* for 2 pairs/,
    );
    // The last bytes are the sketch's CRC-32: a flipped bit inside it is caught there.
    const corrupted = Uint8Array.from(regression);
    corrupted[corrupted.length - 6]! ^= 1;
    expect(() => RegressionSummary.fromBytes(corrupted)).toThrow(SummaryFormatError);
    expect(() => RegressionSummary.fromBytes(corrupted)).toThrow(/error sketch: .*checksum/);
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
