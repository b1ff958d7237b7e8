// Expected values: numpy-equivalent two-pass statistics computed on the raw values in the
// test (populationStd from src/stats/drift/numerical.ts, checked against numpy by
// drift-numerical.test.ts), and plain sums/min/max of the same arrays.
import { describe, expect, it } from 'vitest';
import { decileEdges, populationStd } from '../../../src/stats/drift/numerical.js';
import { decileEdgesFromSummary } from '../../../src/stats/summaries/drift-inputs.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { QuantileSketch } from '../../../src/stats/summaries/quantile-sketch.js';
import { draw } from '../../helpers/drift-cases.js';
import { seededRandom } from '../../helpers/random.js';

function summarise(values: ArrayLike<number | null>): NumericSummary {
  const s = new NumericSummary();
  for (let i = 0; i < values.length; i++) s.add(values[i]!);
  return s;
}

describe('NumericSummary', () => {
  it('counts values and nulls (null, undefined, NaN) and keeps sum, min, max', () => {
    const s = new NumericSummary();
    for (const v of [3, null, -1.5, undefined, Number.NaN, 10]) s.add(v);
    expect([s.count, s.nulls, s.sum, s.min, s.max]).toEqual([3, 3, 11.5, -1.5, 10]);
  });

  it('refuses infinite values rather than poisoning the moments', () => {
    expect(() => new NumericSummary().add(Infinity)).toThrow(RangeError);
  });

  it('gives the population std of year-like values (2020 ± 3) to 1e-12 relative', () => {
    const rng = seededRandom(11);
    const years = Array.from({ length: 200_000 }, () => 2017 + rng.integer(0, 6));
    const s = summarise(years);
    expect(Math.abs(s.std / populationStd(years) - 1)).toBeLessThan(1e-12);
    // The naive Σx²/n − mean² loses most digits here; the derived Σx² must still be right.
    const sumSq = years.reduce((t, y) => t + y * y, 0);
    expect(Math.abs(s.sumOfSquares / sumSq - 1)).toBeLessThan(1e-12);
  });

  it('merging tiles gives the moments of one pass over all values', () => {
    const rng = seededRandom(12);
    const values = Array.from(draw(50_000, (r) => 1e6 + 3 * r.normal(), rng));
    const whole = summarise(values);
    const merged = new NumericSummary();
    for (let i = 0; i < values.length; i += 777) merged.merge(summarise(values.slice(i, i + 777)));
    expect(merged.count).toBe(whole.count);
    expect([merged.min, merged.max]).toEqual([whole.min, whole.max]);
    expect(Math.abs(merged.mean / whole.mean - 1)).toBeLessThan(1e-14);
    expect(Math.abs(merged.std / populationStd(values) - 1)).toBeLessThan(1e-9);
  });

  it('an empty summary merges as a no-op and reports NaN std', () => {
    const s = summarise([1, 2, 3]);
    s.merge(new NumericSummary());
    expect([s.count, s.mean]).toEqual([3, 2]);
    expect(new NumericSummary().std).toBeNaN();
  });

  it('in exact mode, decile edges equal numpy.quantile edges bit for bit', () => {
    const values = Array.from(draw(900, (r) => Math.round(r.normal() * 1000) / 7, seededRandom(13)));
    expect(decileEdgesFromSummary(summarise(values))).toEqual(decileEdges(values));
  });
});

describe('QuantileSketch', () => {
  it('stays exact for few distinct values however many there are', () => {
    const sketch = new QuantileSketch();
    for (let i = 0; i < 7 * 15_000; i++) sketch.add(2017 + (i % 7));
    expect(sketch.isExact).toBe(true);
    expect(sketch.cdf(2019)).toBeCloseTo(3 / 7, 12);
  });

  it('switches to a t-digest past the exact limit and keeps frequent values exact', () => {
    const sketch = new QuantileSketch({ exactLimit: 64 });
    const rng = seededRandom(14);
    for (let i = 0; i < 10_000; i++) sketch.add(i % 10 < 3 ? 0 : 1 + rng.uniform());
    expect(sketch.isExact).toBe(false);
    expect(sketch.count).toBe(10_000);
    // 30% zeros, kept as an exact point mass: F(0) = 0.3 with no smearing.
    expect(sketch.cdf(0)).toBe(0.3);
    expect(sketch.cdfBelow(0)).toBe(0);
  });

  it('rejects parameters outside their ranges', () => {
    expect(() => new QuantileSketch({ compression: 5 })).toThrow(RangeError);
    expect(() => new QuantileSketch({ exactLimit: 0 })).toThrow(RangeError);
  });
});
