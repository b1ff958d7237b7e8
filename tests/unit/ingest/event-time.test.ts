import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseEventTime,
  parseIsoDateTimeStrict,
  parseRfc3339Fast,
} from '../../../src/modules/ingest/event-time.js';

// The strict parser (regex, calendar check, Date.parse) is the reference: the fast reader must give
// the same milliseconds wherever it answers, and leave everything else to it.

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Texts shaped like RFC 3339, with every field free to be out of range, and the separators varied. */
const rfc3339Like = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1969, max: 2101 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{0,11}$/), { nil: undefined }),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z', '', '+00:00', '-00:00', '+0100', 'Zx', ' Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
        .map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
    ),
    separator: fc.constantFrom('T', 'T', 'T', 't', ' '),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.separator}${pad(t.hour, 2)}:${pad(t.minute, 2)}:` +
      `${pad(t.second, 2)}${t.fraction === undefined ? '' : `.${t.fraction}`}${t.zone}`,
  );

/** Valid texts produced by Date#toISOString, and with an offset as Python's isoformat writes them. */
const realTimes = fc
  .tuple(
    fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
    fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([ms, offset, micros]) => {
    const iso = new Date(ms).toISOString();
    if (offset === 0) return iso;
    const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${pad(micros, 3)}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  });

describe('event time: fast RFC 3339 reader against the strict parser', () => {
  it('gives the strict parser’s milliseconds wherever it answers, on texts shaped like RFC 3339', () => {
    fc.assert(
      fc.property(rfc3339Like, (text) => {
        const fast = parseRfc3339Fast(text);
        if (fast !== undefined) expect(fast).toBe(parseIsoDateTimeStrict(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('answers for real timestamps, as the strict parser does', () => {
    fc.assert(
      fc.property(realTimes, (text) => {
        const fast = parseRfc3339Fast(text);
        expect(fast).not.toBeUndefined();
        expect(fast).toBe(parseIsoDateTimeStrict(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('leaves any other text to the strict parser', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const fast = parseRfc3339Fast(text);
        if (fast !== undefined) expect(fast).toBe(parseIsoDateTimeStrict(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('accepts and rejects the same event times as the strict parser alone', () => {
    const nowMs = Date.parse('2025-06-15T12:00:00Z');
    const window = { nowMs, oldestMs: nowMs - 90 * 86_400_000, retentionDays: 90 };
    const strict = (value: unknown) => {
      const ms = typeof value === 'string' ? parseIsoDateTimeStrict(value) : undefined;
      return ms === undefined ? 'error' : ms > nowMs + 5 * 60_000 || ms < window.oldestMs ? 'window' : ms;
    };
    fc.assert(
      fc.property(fc.oneof(rfc3339Like, realTimes), (text) => {
        const parsed = parseEventTime(text, window);
        const expected = strict(text);
        if (expected === 'error') expect(parsed).toEqual({ error: expect.stringContaining('ISO 8601') });
        else if (expected === 'window') expect('error' in parsed).toBe(true);
        else expect(parsed).toEqual({ ms: expected });
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the forms clients send (examples checked by hand against Date.parse)', () => {
    expect(parseRfc3339Fast('2025-01-31T12:00:00Z')).toBe(Date.UTC(2025, 0, 31, 12));
    expect(parseRfc3339Fast('2025-01-31T12:00:00.5Z')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0, 500));
    expect(parseRfc3339Fast('2025-01-31T12:00:00.123456789Z')).toBe(Date.UTC(2025, 0, 31, 12, 0, 0, 123));
    expect(parseRfc3339Fast('2024-02-29T23:59:59.999+01:00')).toBe(Date.UTC(2024, 1, 29, 22, 59, 59, 999));
    expect(parseRfc3339Fast('2025-01-01T00:30:00-05:30')).toBe(Date.UTC(2025, 0, 1, 6, 0));
    // Left to the strict parser: not a date, a form it reads slowly, or a time it must judge.
    for (const text of [
      '2025-02-29T00:00:00Z',
      '2025-01-31 12:00:00Z',
      '2025-01-31T12:00Z',
      '2025-01-31T24:00:00Z',
      '2025-01-31T12:00:00.Z',
      '2025-01-31T12:00:00',
      '0999-01-01T00:00:00Z',
      '2025-01-31T12:00:00+0100',
    ]) {
      expect(parseRfc3339Fast(text), text).toBeUndefined();
    }
  });
});
