import { describe, expect, it } from 'vitest';
import { BUDGET_BYTES, createLatencyLimit } from '../../../src/modules/ingest/latency-limit.js';

function setup(max = 16) {
  let now = 0;
  const limit = createLatencyLimit({ max, targetMs: 1_000 }, () => now);
  return { limit, advance: (ms: number) => (now += ms) };
}

describe('latency-target request limit (AIMD)', () => {
  it('starts at its maximum and stays there while requests finish in time', () => {
    const { limit } = setup();
    for (let i = 0; i < 100; i++) limit.finished(900, 1_000);
    expect(limit.current()).toBe(16);
  });

  it('cuts by a quarter for a late request, once per target period, never below 1', () => {
    const { limit, advance } = setup();
    limit.finished(1_500, 1_000);
    expect(limit.current()).toBe(12);
    limit.finished(1_500, 1_000); // finished late together with the first: no second cut
    expect(limit.current()).toBe(12);
    for (let i = 0; i < 20; i++) {
      advance(1_000);
      limit.finished(5_000, 1_000);
    }
    expect(limit.current()).toBe(1);
  });

  it('grows back by about one per `limit` requests in time', () => {
    const { limit, advance } = setup(16);
    for (let i = 0; i < 5; i++) {
      advance(1_000);
      limit.finished(5_000, 1_000);
    }
    const low = limit.current();
    expect(low).toBe(3); // 16 × 0.75⁵ = 3.8
    for (let i = 0; i < 4; i++) limit.finished(100, 1_000);
    expect(limit.current()).toBe(low + 1);
  });

  it('gives a large body a budget in proportion to its size', () => {
    const { limit } = setup();
    limit.finished(7_000, 8 * BUDGET_BYTES);
    expect(limit.current()).toBe(16);
    limit.finished(9_000, 8 * BUDGET_BYTES);
    expect(limit.current()).toBe(12);
  });
});
