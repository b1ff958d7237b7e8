// Issue 8, finding 1: values the API accepts must fold into summaries that encode, decode, merge
// and evaluate. Before: 1e200 next to 1 (or 1e308 and 1 in two tiles) gave an infinite variance
// that the decoder refused ("numeric summary: non-finite moment"), and a category starting with
// U+FEFF came back without it ("names not in ascending order", or "\ufeffx" read as "x").
import { describe, expect, it } from 'vitest';
import {
  decodeCategoricalSummary,
  encodeCategoricalSummary,
} from '../../../src/stats/summaries/categorical-codec.js';
import { CategoricalSummary } from '../../../src/stats/summaries/categorical-summary.js';
import { decodeNumericSummary, encodeNumericSummary } from '../../../src/stats/summaries/numeric-codec.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { RegressionSummary } from '../../../src/stats/performance/index.js';

const roundTrip = (s: NumericSummary) => decodeNumericSummary(encodeNumericSummary(s));

function numeric(...values: number[]): NumericSummary {
  const s = new NumericSummary();
  for (const v of values) s.add(v);
  return s;
}

describe('numeric summaries of values far apart', () => {
  it('1e200 next to 1: encodes, decodes, and keeps the mean and standard deviation', () => {
    const decoded = roundTrip(numeric(1e200, 1));
    // numpy: np.mean([1e200, 1]) = 5e199; np.std overflows to inf, np.std(x / 2**665) * 2**665 = 5e199.
    expect(decoded.mean).toBe(5e199);
    expect(decoded.std).toBe(5e199);
    expect(decoded.variance).toBe(Infinity);
    expect([decoded.count, decoded.min, decoded.max]).toEqual([2, 1, 1e200]);
  });

  it('1e308 and 1 in two tiles, merged after decoding', () => {
    const merged = roundTrip(numeric(1e308));
    merged.merge(roundTrip(numeric(1)));
    const again = roundTrip(merged);
    expect(again.mean).toBe(5e307);
    expect(again.std).toBe(5e307);
    expect([again.count, again.min, again.max]).toEqual([2, 1, 1e308]);
  });

  it('±1.7e308 (a sum and a spread beyond the double range) and subnormals', () => {
    const s = roundTrip(numeric(1.7e308, -1.7e308, 1.7e308, 5e-324, -0));
    // numpy: np.mean(x) = 3.4e307; np.std(x) overflows to inf, np.std(x / 2**1023) * 2**1023 =
    // 1.2721635115031402e308.
    expect(s.mean / 3.4e307).toBeCloseTo(1, 14);
    expect(s.std / 1.2721635115031402e308).toBeCloseTo(1, 14);
    expect(s.sum).toBe(1.7e308);
    // Σx beyond the double range reads Infinity, and the summary still encodes and decodes.
    expect(roundTrip(numeric(1e308, 1e308)).sum).toBe(Infinity);
    expect(roundTrip(numeric(1e308, 1e308)).mean).toBe(1e308);
  });

  it('a t-digest whose middle centroid spans -1.7e308 … 1.7e308 (more than 1024 distinct values)', () => {
    const s = new NumericSummary();
    for (let i = 0; i < 3000; i++) s.add((i % 2 ? 1 : -1) * (1.7e308 - i * 1e292));
    expect(s.sketch.isExact).toBe(false);
    const decoded = roundTrip(s);
    decoded.merge(roundTrip(s));
    const median = roundTrip(decoded).quantile(0.5);
    expect(Number.isFinite(median) && Math.abs(median) <= 1.7e308).toBe(true);
  });

  it('changes nothing for values of ordinary size (the scale is 1 below 2)', () => {
    const values = [0.5, -1.25, 1.999, 0.001];
    const s = roundTrip(numeric(...values));
    const mean = values.reduce((a, b) => a + b) / values.length;
    expect(s.mean).toBeCloseTo(mean, 15);
  });
});

describe('categorical summaries keep every string byte for byte', () => {
  it.each([
    ['a BOM alone next to "a"', ['\ufeff', 'a']],
    ['a BOM before x next to "x"', ['\ufeffx', 'x']],
    ['astral and combining characters', ['😀', 'e\u0301', 'é', '\u{10ffff}']],
  ])('%s', (_what, names) => {
    const s = new CategoricalSummary();
    for (const name of names) s.add(name);
    const decoded = decodeCategoricalSummary(encodeCategoricalSummary(s));
    expect(decoded.entries()).toEqual(s.entries());
  });
});

describe('regression summaries of errors beyond the double range', () => {
  it('fold, encode, decode and merge; metrics beyond the range are null, never thrown', () => {
    const a = new RegressionSummary().add(1e308, -1e308).add(1, 2);
    const b = RegressionSummary.fromBytes(new RegressionSummary().add(-1.7e308, 1.7e308).toBytes());
    const merged = RegressionSummary.fromBytes(a.toBytes()).merge(b);
    const metrics = RegressionSummary.fromBytes(merged.toBytes()).metrics();
    for (const value of Object.values(metrics)) expect(value === null || Number.isFinite(value)).toBe(true);
    expect(metrics.mae).toBeNull(); // (2e308 + 1 + 3.4e308) / 3 exceeds the double range
  });
});
