// Round trips compare a decoded summary with the one that was encoded (no external expected
// numbers); corruption tests check that every damaged input is refused with SummaryFormatError.
import { describe, expect, it } from 'vitest';
import { SummaryFormatError } from '../../../src/stats/bytes/format-error.js';
import {
  decodeCategoricalSummary,
  encodeCategoricalSummary,
} from '../../../src/stats/summaries/categorical-codec.js';
import { CategoricalSummary } from '../../../src/stats/summaries/categorical-summary.js';
import { decodeNumericSummary, encodeNumericSummary } from '../../../src/stats/summaries/numeric-codec.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { seededRandom } from '../../helpers/random.js';

function numericSample(kind: 'empty' | 'exact' | 'digest'): NumericSummary {
  const s = new NumericSummary();
  const rng = seededRandom(21);
  const n = kind === 'empty' ? 0 : kind === 'exact' ? 500 : 20_000;
  for (let i = 0; i < n; i++) s.add(i % 50 === 0 ? null : i % 4 === 0 ? 0 : Math.exp(rng.normal()));
  s.add(null);
  return s;
}

function categoricalSample(): CategoricalSummary {
  const s = new CategoricalSummary(5);
  const rng = seededRandom(22);
  for (let i = 0; i < 2000; i++) s.add(i % 97 === 0 ? null : `c${rng.integer(0, 9)}é`);
  return s;
}

const numericState = (s: NumericSummary) => ({
  moments: [s.count, s.nulls, s.sum, s.mean, s.m2, s.min, s.max],
  sketch: s.sketch.state(),
});

describe.each(['empty', 'exact', 'digest'] as const)('numeric summary bytes (%s)', (kind) => {
  it('decode(encode(s)) reproduces every field, and re-encodes to the same bytes', () => {
    const original = numericSample(kind);
    const bytes = encodeNumericSummary(original);
    const decoded = decodeNumericSummary(bytes);
    expect(numericState(decoded)).toEqual(numericState(original));
    expect(decoded.sketch.isExact).toBe(original.sketch.isExact);
    expect(encodeNumericSummary(decoded)).toEqual(bytes);
  });
});

describe('categorical summary bytes', () => {
  it('decode(encode(s)) reproduces counts, other, nulls and cap', () => {
    const original = categoricalSample();
    const bytes = encodeCategoricalSummary(original);
    const decoded = decodeCategoricalSummary(bytes);
    expect(decoded.entries()).toEqual(original.entries());
    expect([decoded.cap, decoded.nulls, decoded.other]).toEqual([
      original.cap,
      original.nulls,
      original.other,
    ]);
  });
});

const corruptible: [string, () => Uint8Array, (b: Uint8Array) => unknown][] = [
  ['numeric (exact)', () => encodeNumericSummary(numericSample('exact')), decodeNumericSummary],
  ['numeric (digest)', () => encodeNumericSummary(numericSample('digest')), decodeNumericSummary],
  ['categorical', () => encodeCategoricalSummary(categoricalSample()), decodeCategoricalSummary],
];

describe.each(corruptible)('corrupted %s bytes', (_name, encode, decode) => {
  const good = encode();

  it('a flipped bit anywhere is refused', () => {
    const rng = seededRandom(23);
    for (let trial = 0; trial < 200; trial++) {
      const bad = Uint8Array.from(good);
      bad[rng.integer(0, bad.length - 1)]! ^= 1 << rng.integer(0, 7);
      expect(() => decode(bad)).toThrow(SummaryFormatError);
    }
  });

  it('truncated bytes are refused', () => {
    for (const length of [0, 1, 5, good.length >> 1, good.length - 1]) {
      expect(() => decode(good.subarray(0, length))).toThrow(SummaryFormatError);
    }
  });

  it('another format version is refused with a message that says so', () => {
    const bad = Uint8Array.from(good);
    bad[0] = 3;
    expect(() => decode(bad)).toThrow(/format version 3 is not supported \(this version reads 1, 2\)/);
  });
});

describe('decoding the wrong kind', () => {
  it('numeric bytes are not read as categorical, nor the reverse', () => {
    expect(() => decodeCategoricalSummary(encodeNumericSummary(numericSample('exact')))).toThrow(
      /another kind/,
    );
    expect(() => decodeNumericSummary(encodeCategoricalSummary(categoricalSample()))).toThrow(/another kind/);
  });
});
