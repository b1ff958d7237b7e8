import { describe, expect, it } from 'vitest';
import { HOUR_MS, planWindow, type Rollups } from '../../../src/modules/tiles/window-plan.js';

// Which tiles make up a window (src/modules/tiles/window-plan.ts). Expected plans are worked out
// by hand from the rule: a tile belongs to the window when its start is in [from, to).

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 6, 10); // an hour boundary
const rolled = (...hours: number[]): Rollups =>
  new Map(hours.map((h) => [T0 + h * HOUR_MS, { minutesPruned: false }]));
const pruned = (...hours: number[]): Rollups =>
  new Map(hours.map((h) => [T0 + h * HOUR_MS, { minutesPruned: true }]));

describe('planWindow', () => {
  it('moves both ends up to the next tile boundary', () => {
    const plan = planWindow(T0 + 90_000, T0 + 5 * MIN + 1, MIN, new Map());
    expect(plan).toEqual({
      fromMs: T0 + 2 * MIN,
      toMs: T0 + 6 * MIN,
      hours: [],
      fine: [[T0 + 2 * MIN, T0 + 6 * MIN]],
    });
  });

  it('reads rolled-up hours wholly inside as hour tiles, the edges and unrolled hours as fine tiles', () => {
    const plan = planWindow(T0 + 17 * MIN, T0 + 4 * HOUR_MS + 23 * MIN, MIN, rolled(0, 1, 2, 4));
    expect(plan.hours).toEqual([T0 + HOUR_MS, T0 + 2 * HOUR_MS]);
    expect(plan.fine).toEqual([
      [T0 + 17 * MIN, T0 + HOUR_MS],
      [T0 + 3 * HOUR_MS, T0 + 4 * HOUR_MS + 23 * MIN],
    ]);
  });

  it('widens an end that falls in an hour whose fine tiles are pruned', () => {
    const plan = planWindow(T0 + 17 * MIN, T0 + 2 * HOUR_MS + 23 * MIN, MIN, pruned(0, 1, 2));
    expect(plan).toEqual({
      fromMs: T0,
      toMs: T0 + 3 * HOUR_MS,
      hours: [T0, T0 + HOUR_MS, T0 + 2 * HOUR_MS],
      fine: [],
    });
  });

  it('is empty when the aligned range is', () => {
    expect(planWindow(T0 + 1, T0 + 2, MIN, new Map())).toEqual({
      fromMs: T0 + MIN,
      toMs: T0 + MIN,
      hours: [],
      fine: [],
    });
  });

  it('works with any tile that divides the hour: 30-minute tiles', () => {
    const plan = planWindow(T0 + 1, T0 + 2 * HOUR_MS + 1, 30 * MIN, rolled(1));
    expect(plan).toEqual({
      fromMs: T0 + 30 * MIN,
      toMs: T0 + 2 * HOUR_MS + 30 * MIN,
      hours: [T0 + HOUR_MS],
      fine: [
        [T0 + 30 * MIN, T0 + HOUR_MS],
        [T0 + 2 * HOUR_MS, T0 + 2 * HOUR_MS + 30 * MIN],
      ],
    });
  });
});
