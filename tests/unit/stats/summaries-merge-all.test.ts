// Batched merges (issue 13, docs/adr/0003-summary-core.md §5). Score bins must come out the same
// to the bit as the Map they replaced, merged one by one, however a list of summaries is split
// into batches; t-digests merged as a batch must stay within docs/statistics.md's bounds of the
// exact raw-value measures (src/stats/drift/numerical.ts, checked against SciPy 1.10 goldens).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CbpeSummary } from '../../../src/stats/cbpe/index.js';
import { ksTest, wassersteinNormalized } from '../../../src/stats/drift/numerical.js';
import { BinValues, forEachBin } from '../../../src/stats/performance/bin-counts.js';
import { BinarySummary } from '../../../src/stats/performance/index.js';
import { SCORE_GRID_BINS } from '../../../src/stats/performance/score-grid.js';
import {
  ksFromSummaries,
  wassersteinNormalizedFromSummaries,
} from '../../../src/stats/summaries/drift-inputs.js';
import { decodeNumericSummary, encodeNumericSummary } from '../../../src/stats/summaries/numeric-codec.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { DRIFT_CASES, draw } from '../../helpers/drift-cases.js';
import { seededRandom } from '../../helpers/random.js';

/** The Map that BinValues replaced (src/stats/performance/bin-counts.ts before issue 13). */
class MapBins {
  readonly values = new Map<number, number>();
  add(bin: number, amount: number): void {
    this.values.set(bin, (this.values.get(bin) ?? 0) + amount);
  }
  merge(other: MapBins): void {
    for (const [bin, amount] of other.values) this.add(bin, amount);
  }
  entries(): [number, number][] {
    return [...this.values].sort((a, b) => a[0] - b[0]);
  }
}

function entriesOf(bins: BinValues): [number, number][] {
  return Array.from({ length: bins.size }, (_, i) => [bins.binAt(i), bins.valueAt(i)]);
}

/** Same bins, and values equal to the bit (Object.is tells 0 from −0). */
function expectSameBins(actual: [number, number][], expected: [number, number][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach(([bin, value], i) => {
    expect(bin).toBe(expected[i]![0]);
    expect(Object.is(value, expected[i]![1]), `bin ${bin}: ${value} vs ${expected[i]![1]}`).toBe(true);
  });
}

// Bins crowd a few places (so that summaries share them) or fall anywhere on the grid.
const anyBin = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: SCORE_GRID_BINS - 1 }));
const anyAmount = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5 }));
const anyAdds = fc.array(fc.tuple(anyBin, anyAmount), { maxLength: 60 });
/** Split points of a list of n into consecutive batches. */
const anySplits = (n: number) => fc.array(fc.integer({ min: 1, max: Math.max(1, n) }), { maxLength: 5 });

function batches<T>(list: T[], splits: number[]): T[][] {
  const cuts = [...new Set([0, ...splits.filter((s) => s < list.length), list.length])].sort((a, b) => a - b);
  return cuts.slice(1).map((end, i) => list.slice(cuts[i], end));
}

function filled(adds: [number, number][]): { mine: BinValues; old: MapBins } {
  const mine = new BinValues();
  const old = new MapBins();
  for (const [bin, amount] of adds) {
    mine.add(bin, amount);
    old.add(bin, amount);
  }
  return { mine, old };
}

describe('BinValues', () => {
  it('adds and merges, one by one or in batches of any split, to the bit as the Map did', () => {
    fc.assert(
      fc.property(
        fc
          .array(anyAdds, { minLength: 1, maxLength: 8 })
          .chain((lists) => fc.tuple(fc.constant(lists), anySplits(lists.length - 1), anyAdds)),
        ([lists, splits, later]) => {
          const parts = lists.map(filled);
          const [first, ...rest] = parts;
          for (const other of rest) first!.old.merge(other.old);
          for (const batch of batches(rest, splits)) first!.mine.mergeAll(batch.map((p) => p.mine));
          // Adds after merges land on the merged values.
          for (const [bin, amount] of later) {
            first!.mine.add(bin, amount);
            first!.old.add(bin, amount);
          }
          expectSameBins(entriesOf(first!.mine), first!.old.entries());
          for (const [bin, value] of first!.old.entries()) expect(first!.mine.get(bin)).toBe(value);
          // The merged ones are left unchanged.
          rest.forEach((p) => expectSameBins(entriesOf(p.mine), p.old.entries()));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sums a large batch on the dense grid to the same bits, in any order of integer counts', () => {
    const rng = seededRandom(13);
    const lists = Array.from({ length: 12 }, () =>
      Array.from({ length: 2_000 }, (): [number, number] => [
        Math.floor(SCORE_GRID_BINS / 2 + 300 * rng.normal()),
        // sqrt: full 53-bit mantissas (uniforms have 32 bits, and sums of a few are exact).
        Math.sqrt(rng.uniform()),
      ]),
    );
    const parts = lists.map(filled);
    const [first, ...rest] = parts;
    for (const other of rest) first!.old.merge(other.old);
    first!.mine.mergeAll(rest.map((p) => p.mine));
    expectSameBins(entriesOf(first!.mine), first!.old.entries());

    const counts = lists.map((l) => filled(l.map(([bin]) => [bin, 1])).mine);
    const forward = new BinValues();
    forward.mergeAll(counts);
    const backward = new BinValues();
    for (const c of [...counts].reverse()) backward.merge(c);
    expectSameBins(entriesOf(backward), entriesOf(forward));
    expect(forward.total()).toBe(24_000);
  });

  it('visits the union of two bin sets in ascending order', () => {
    const a = filled([
      [5, 1],
      [2, 1],
      [9, 1],
    ]).mine;
    const b = filled([
      [9, 2],
      [1, 2],
    ]).mine;
    const seen: [number, number, number][] = [];
    forEachBin(a, b, (bin, i, j) => seen.push([bin, i, j]));
    expect(seen).toEqual([
      [1, -1, 0],
      [2, 0, -1],
      [5, 1, -1],
      [9, 2, 1],
    ]);
  });

  it('refuses to append below an occupied bin', () => {
    const bins = new BinValues();
    bins.append(3, 1);
    expect(() => bins.append(3, 1)).toThrow(RangeError);
  });
});

const anyScore = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, -0, 1, 0.5, 1e-300));
const anyPredictions = fc.array(fc.tuple(anyScore, fc.boolean()), { maxLength: 40 });
const anyPairs = fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.option(anyScore)), { maxLength: 40 });

describe('CbpeSummary and BinarySummary', () => {
  it('merge a batch of any split to the same bytes as merging one by one', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(anyPredictions, anyPairs), { minLength: 1, maxLength: 8 })
          .chain((tiles) => fc.tuple(fc.constant(tiles), anySplits(tiles.length - 1))),
        ([tiles, splits]) => {
          const cbpe = () =>
            tiles.map(([predictions]) => {
              const s = new CbpeSummary();
              for (const [score, predicted] of predictions) s.add(score, predicted);
              return CbpeSummary.fromBytes(s.toBytes());
            });
          const binary = () =>
            tiles.map(([, pairs]) => {
              const s = new BinarySummary();
              for (const [actual, predicted, score] of pairs) s.add(actual, predicted, score);
              return BinarySummary.fromBytes(s.toBytes());
            });
          const [c1, ...cRest] = cbpe();
          const [c2, ...cRest2] = cbpe();
          for (const other of cRest) c1!.merge(other);
          for (const batch of batches(cRest2, splits)) c2!.mergeAll(batch);
          expect(c2!.toBytes()).toEqual(c1!.toBytes());
          const [b1, ...bRest] = binary();
          const [b2, ...bRest2] = binary();
          for (const other of bRest) b1!.merge(other);
          for (const batch of batches(bRest2, splits)) b2!.mergeAll(batch);
          expect(b2!.toBytes()).toEqual(b1!.toBytes());
          expect(b2!.scoreGroups()).toEqual(b1!.scoreGroups());
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('NumericSummary.mergeAll', () => {
  const tilesOf = (values: number[], rng: ReturnType<typeof seededRandom>): NumericSummary[] => {
    const tiles: NumericSummary[] = [];
    for (let start = 0; start < values.length;) {
      const size = Math.min(values.length - start, rng.integer(100, 1000));
      const tile = new NumericSummary();
      for (let i = start; i < start + size; i++) tile.add(values[i]!);
      tiles.push(decodeNumericSummary(encodeNumericSummary(tile)));
      start += size;
    }
    return tiles;
  };

  it('keeps moments, sums and extremes as merging one by one; one summary merges as merge() does', () => {
    const rng = seededRandom(5);
    const values = Array.from({ length: 5_000 }, () =>
      rng.uniform() < 0.02 ? Number.NaN : 7 + rng.normal(),
    );
    const tiles = tilesOf(values, rng);
    const pairwise = new NumericSummary();
    for (const t of tiles) pairwise.merge(t);
    const batched = new NumericSummary();
    batched.mergeAll(tiles);
    for (const key of ['count', 'nulls', 'sum', 'mean', 'm2', 'min', 'max'] as const) {
      expect(batched[key]).toBe(pairwise[key]);
    }
    const one = new NumericSummary();
    one.mergeAll([pairwise]);
    const viaMerge = new NumericSummary();
    viaMerge.merge(pairwise);
    expect(encodeNumericSummary(one)).toEqual(encodeNumericSummary(viaMerge));
  });

  // As tests/unit/stats/summaries-bounds.test.ts, with minute tiles merged into hours and the
  // hours into the window in batches (the hours are digests: one compression per batch).
  describe.each(DRIFT_CASES.map((c, i) => ({ ...c, seed: 301 + i })))('$name', (c) => {
    it.each([10_000, 100_000])('n = %i: KS and Wasserstein from batched merges stay within bounds', (n) => {
      const rng = seededRandom(c.seed * 7919 + n);
      const ref = Array.from(draw(n, c.reference, rng));
      const win = Array.from(draw(n, c.window, rng));
      const reference = new NumericSummary();
      for (const v of ref) reference.add(v);
      const tiles = tilesOf(win, rng);
      const hours: NumericSummary[] = [];
      for (let h = 0; h < tiles.length; h += 60) {
        const hour = new NumericSummary();
        hour.mergeAll(tiles.slice(h, h + 60));
        hours.push(decodeNumericSummary(encodeNumericSummary(hour)));
      }
      const window = new NumericSummary();
      window.mergeAll(hours);
      expect(window.count).toBe(n);
      const ks = ksFromSummaries(reference, window).statistic;
      expect(Math.abs(ks - ksTest(ref, win).statistic)).toBeLessThanOrEqual(0.01);
      const exactW = wassersteinNormalized(ref, win);
      const w = wassersteinNormalizedFromSummaries(reference, window);
      expect(Math.abs(w - exactW)).toBeLessThanOrEqual(Math.max(0.01 * exactW, 0.005));
    });
  });
});
