// How often a window is evaluated (src/lib/windows.ts), as alarm budgets and Alertmanager leases
// count it: the scheduler's tick, or the window's own interval when longer.
import { describe, expect, it } from 'vitest';
import { evaluatedEverySeconds } from '../../../src/lib/windows.js';

describe('evaluatedEverySeconds', () => {
  const cadence = { intervalSeconds: 60, windowIntervals: { '1h': 120, '24h': 600, '5m': 30 } };

  it('is the window’s own interval when it is longer than the tick', () => {
    expect(evaluatedEverySeconds(cadence, '24h')).toBe(600);
    expect(evaluatedEverySeconds(cadence, '1h')).toBe(120);
  });

  it('is the tick for a window without one, one with a shorter one, or none named', () => {
    expect(evaluatedEverySeconds(cadence, '6h')).toBe(60);
    expect(evaluatedEverySeconds(cadence, '5m')).toBe(60);
    expect(evaluatedEverySeconds(cadence, undefined)).toBe(60);
    expect(evaluatedEverySeconds({ intervalSeconds: 30 }, '24h')).toBe(30);
  });
});
