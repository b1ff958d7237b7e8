// Expected histograms and quantiles: tests/golden/distribution.json, computed by numpy
// (numpy.histogram, numpy.quantile; tests/golden/distribution.py) from the literal values stored
// there. The categorical expectations are tallied by hand from the literal inputs in each test.
import { describe, expect, it } from 'vitest';
import { categoricalDistribution } from '../../../src/stats/summaries/categorical-distribution.js';
import { CategoricalSummary } from '../../../src/stats/summaries/categorical-summary.js';
import {
  histogramCounts,
  histogramEdges,
  numericDistribution,
} from '../../../src/stats/summaries/numeric-distribution.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { readGolden } from '../../helpers/golden.js';
import { seededRandom } from '../../helpers/random.js';

interface GoldenSide {
  values: number[];
  counts: number[];
  quantiles: Record<string, number> | null;
}
interface GoldenCase {
  name: string;
  bins: number;
  edges: number[];
  reference: GoldenSide;
  current: GoldenSide;
}
const golden = readGolden<{ cases: GoldenCase[] }>('distribution.json');

function numeric(values: readonly (number | null)[], options = {}): NumericSummary {
  const s = new NumericSummary(options);
  for (const v of values) s.add(v);
  return s;
}

function categorical(counts: Record<string, number>, nulls = 0, cap = 100): CategoricalSummary {
  const s = new CategoricalSummary(cap);
  for (const [value, n] of Object.entries(counts)) for (let i = 0; i < n; i++) s.add(value);
  for (let i = 0; i < nulls; i++) s.add(null);
  s.trim();
  return s;
}

describe('numericDistribution: the histogram numpy gives on the same values', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const d = numericDistribution(numeric(c.reference.values), numeric(c.current.values), c.bins);
    expect(d.bins!.edges).toEqual(c.edges);
    expect(d.bins!.reference).toEqual(c.reference.counts);
    expect(d.bins!.current).toEqual(c.current.counts);
    for (const [side, want] of [
      [d.reference, c.reference],
      [d.current, c.current],
    ] as const) {
      expect(side.count).toBe(want.values.length);
      expect(side.exact).toBe(true);
      if (want.quantiles === null) expect(side.quantiles).toBeNull();
      else for (const [q, v] of Object.entries(want.quantiles)) expect(side.quantiles![q as 'p1']).toBe(v);
    }
  });

  it('keeps missing values out of the bins and reports them apart', () => {
    const d = numericDistribution(numeric([1, null, 2, Number.NaN]), numeric([null]), 4);
    expect(d.reference).toMatchObject({ count: 2, missing: 2, min: 1, max: 2, mean: 1.5 });
    expect(d.current).toMatchObject({ count: 0, missing: 1, min: null, quantiles: null });
    expect(d.bins!.reference).toEqual([1, 0, 0, 1]);
    expect(d.bins!.current).toEqual([0, 0, 0, 0]);
  });

  it('has no bins when neither side has a value', () => {
    expect(numericDistribution(numeric([null]), numeric([])).bins).toBeNull();
  });

  it('estimates from a compacted sketch: whole counts that sum to the count, near the exact ones', () => {
    const rng = seededRandom(7);
    const values = Array.from({ length: 20_000 }, () => rng.normal() * 3 + 10);
    const sketched = numeric(values, { exactLimit: 64 });
    const exact = numeric(values, { exactLimit: 1_000_000 });
    expect(sketched.sketch.isExact).toBe(false);
    const d = numericDistribution(sketched, exact);
    const [estimated, counted] = [d.bins!.reference, d.bins!.current];
    expect(d.reference.exact).toBe(false);
    expect(estimated.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expect(estimated.reduce((a, b) => a + b, 0)).toBe(values.length);
    expect(counted.reduce((a, b) => a + b, 0)).toBe(values.length);
    // The sketch's rank error at each edge is within 0.01 of the count (docs/statistics.md).
    let a = 0;
    let b = 0;
    for (let i = 0; i < estimated.length; i++) {
      a += estimated[i]!;
      b += counted[i]!;
      expect(Math.abs(a - b)).toBeLessThanOrEqual(0.01 * values.length);
    }
  });

  it('edges: at most the bins asked for, and ranges numpy does not cover', () => {
    expect(histogramEdges(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // Wider than the largest double: still finite, ascending edges.
    const wide = histogramEdges(-1.7e308, 1.7e308, 40);
    expect(wide).toHaveLength(41);
    expect(wide.every((e, i) => Number.isFinite(e) && (i === 0 || e > wide[i - 1]!))).toBe(true);
    // So large that ±0.5 does not move it: one bin holding everything.
    expect(histogramEdges(1e300, 1e300, 40)).toEqual([1e300, 1e300]);
    const big = numeric([1e300, 1e300]);
    expect(histogramCounts(big.sketch.view(), [1e300, 1e300])).toEqual([2]);
    expect(() => histogramEdges(0, 1, 0)).toThrow(RangeError);
  });
});

describe('categoricalDistribution', () => {
  it('orders by the larger share of either side, flags unseen categories, counts missing', () => {
    // Reference shares: a .6, b .3, c .1; window shares: a .2, b .2, new .6.
    const d = categoricalDistribution(
      categorical({ a: 6, b: 3, c: 1 }, 2),
      categorical({ a: 1, b: 1, new: 3 }, 1),
    );
    expect(d.categories).toEqual([
      { value: 'a', reference: 6, current: 1, unseen: false }, // .6 (ties with new: 7 > 3 values)
      { value: 'new', reference: 0, current: 3, unseen: true }, // .6
      { value: 'b', reference: 3, current: 1, unseen: false }, // .3
      { value: 'c', reference: 1, current: 0, unseen: false }, // .1
    ]);
    expect(d).toMatchObject({
      other: { reference: 0, current: 0 },
      referenceCount: 10,
      currentCount: 5,
      missing: { reference: 2, current: 1 },
    });
  });

  it('ties of share and count go by name', () => {
    const d = categoricalDistribution(categorical({ y: 1, x: 1 }), categorical({}));
    expect(d.categories.map((c) => c.value)).toEqual(['x', 'y']);
  });

  it('caps the list and sums the rest, with the summaries’ own __other__, into other', () => {
    // 60 categories k00..k59, category k<i> seen i + 1 times in the reference and once in the window;
    // the reference summary keeps 55 (cap), so k00..k04 (15 values) are in its __other__.
    const counts = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i + 1]),
    );
    const reference = categorical(counts, 0, 55);
    const current = categorical(Object.fromEntries(Object.keys(counts).map((k) => [k, 1])));
    const d = categoricalDistribution(reference, current, 50);
    expect(d.categories).toHaveLength(50);
    expect(d.categories[0]).toEqual({ value: 'k59', reference: 60, current: 1, unseen: false });
    // Window shares are all 1/60 ≈ .0167; reference shares (i + 1)/1830 pass it from k30 on, so the
    // first 30 rows are k59..k30 by reference share, then ties at 1/60 by total count, then by name.
    expect(d.categories.slice(0, 30).map((c) => c.value)).toEqual(
      Array.from({ length: 30 }, (_, i) => `k${59 - i}`),
    );
    const total = (xs: { reference: number; current: number }[], side: 'reference' | 'current') =>
      xs.reduce((s, c) => s + c[side], 0);
    expect(total(d.categories, 'reference') + d.other.reference).toBe(1830);
    expect(total(d.categories, 'current') + d.other.current).toBe(60);
    expect(d.other.current).toBe(10);
    expect(d.referenceCount).toBe(1830);
    // k00..k04 live in the reference's __other__: they read as unseen, like quality's share, and
    // (named count 0, total 1 each) tie at the end, by name.
    const all = categoricalDistribution(reference, current, 60);
    expect(all.categories.slice(55).map((c) => [c.value, c.unseen])).toEqual(
      ['k00', 'k01', 'k02', 'k03', 'k04'].map((k) => [k, true]),
    );
    expect(all.categories.filter((c) => c.unseen)).toHaveLength(5);
    expect(all.other).toEqual({ reference: 15, current: 0 });
  });
});
