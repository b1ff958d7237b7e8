/** Expected volume (src/modules/evaluation/volume.ts): the bases in order, on counts worked by hand. */
import { describe, expect, it } from 'vitest';
import { referenceRate, volume } from '../../../src/modules/evaluation/volume.js';

describe('volume', () => {
  it('compares with the same window a week earlier when it had events', () => {
    expect(volume({ events: 50, previousWeek: 200, referenceRate: 10, windowSeconds: 300 })).toEqual({
      events: 50,
      expected: 200,
      ratio: 0.25,
      basis: 'previous_week',
    });
  });

  it('else with the rate of a reference taken from traffic: 2 events/s over 300 s', () => {
    const rate = referenceRate(7200, { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' });
    expect(rate).toBe(2);
    expect(volume({ events: 300, previousWeek: 0, referenceRate: rate, windowSeconds: 300 })).toEqual({
      events: 300,
      expected: 600,
      ratio: 0.5,
      basis: 'reference_rate',
    });
  });

  it('else expects nothing (uploaded rows say nothing about rate)', () => {
    expect(referenceRate(1000, null)).toBeNull();
    expect(volume({ events: 3, previousWeek: 0, referenceRate: null, windowSeconds: 60 })).toEqual({
      events: 3,
      expected: null,
      ratio: null,
      basis: null,
    });
  });
});
