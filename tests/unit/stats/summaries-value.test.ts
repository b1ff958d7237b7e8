// The value summary (src/stats/summaries/value-sum.ts): outcomes' business values, summed per tile
// and merged across tiles. Expected totals are computed by hand or as the plain sum of the same
// values; any split of the values into merged parts gives the same count and total.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SummaryFormatError } from '../../../src/stats/bytes/format-error.js';
import { ValueSum } from '../../../src/stats/summaries/value-sum.js';

const sumOf = (values: (number | null)[]) => values.reduce<ValueSum>((s, v) => s.add(v), new ValueSum());

describe('ValueSum', () => {
  it('counts and sums the values sent, leaving out outcomes without one', () => {
    const s = sumOf([120, null, -30.5, 0, 14.25]);
    expect(s.count).toBe(4);
    expect(s.sum).toBe(103.75); // 120 − 30.5 + 0 + 14.25, by hand
  });

  it('survives encode and decode bit for bit, empty or not', () => {
    for (const s of [new ValueSum(), sumOf([1e308, 1e308, -5])]) {
      const back = ValueSum.fromBytes(s.toBytes());
      expect([back.count, back.sum]).toEqual([s.count, s.sum]);
    }
    expect(sumOf([1e308, 1e308]).sum).toBe(Infinity); // beyond the double range, not NaN or a wrap
  });

  it('gives the same count and total however the values are split into merged parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (cents, cut) => {
          const values = cents.map((c) => c / 4); // quarters: sums of these are exact in a double
          const whole = sumOf(values);
          const merged = sumOf(values.slice(0, cut)).merge(
            ValueSum.fromBytes(sumOf(values.slice(cut)).toBytes()),
          );
          expect([merged.count, merged.sum]).toEqual([values.length, cents.reduce((a, b) => a + b, 0) / 4]);
          expect([whole.count, whole.sum]).toEqual([merged.count, merged.sum]);
        },
      ),
    );
  });

  it('refuses damaged bytes with SummaryFormatError', () => {
    const bytes = sumOf([3, 4]).toBytes();
    const cases = [
      bytes.slice(0, bytes.length - 1), // cut short
      Uint8Array.from([...bytes, 0]), // trailing byte
      Uint8Array.from([0x42, ...bytes.slice(1)]), // another kind
      new ValueSum().toBytes().map((b, i, all) => (i === all.length - 9 ? 0x40 : b)), // total without values
    ];
    for (const bad of cases) expect(() => ValueSum.fromBytes(bad)).toThrow(SummaryFormatError);
  });
});
