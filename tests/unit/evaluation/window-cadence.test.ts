import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Queue } from 'bullmq';
import { createEvaluationScheduler } from '../../../src/modules/evaluation/evaluation.scheduler.js';

// Long windows are evaluated at the first tick of each of their slots (EVALUATION_WINDOW_INTERVALS):
// with ticks every minute, 1h every 2 minutes and 24h every 10; a reference evaluates every window.
const windows = [
  { name: '5m', seconds: 300 },
  { name: '1h', seconds: 3_600 },
  { name: '24h', seconds: 86_400 },
];

function schedulerAt(clock: { ms: number }) {
  const enqueued: string[] = [];
  const scheduler = createEvaluationScheduler({
    queue: () => ({ upsertJobScheduler: async () => undefined }) as unknown as Queue,
    enqueue: async (_queue, data) => {
      enqueued.push((data as { window: string }).window);
    },
    activeModels: async () => [],
    windows,
    tileSeconds: 60,
    intervalSeconds: 60,
    windowIntervals: { '1h': 120, '24h': 600, '7d': 3_600 },
    debounceMs: 500,
    log: pino({ level: 'silent' }),
    now: () => clock.ms,
  });
  return { scheduler, enqueued };
}

describe('window cadence', () => {
  it('evaluates 5m at every tick, 1h at every second and 24h at every tenth', async () => {
    const clock = { ms: Date.UTC(2026, 0, 1, 0, 0, 30) };
    const { scheduler, enqueued } = schedulerAt(clock);
    const counts: Record<string, number> = {};
    for (let minute = 0; minute < 60; minute++) {
      enqueued.length = 0;
      await scheduler.tick('m');
      for (const w of enqueued) counts[w] = (counts[w] ?? 0) + 1;
      // The 24h window is due in the tick whose window end is on a 10-minute boundary.
      const end = Math.ceil(clock.ms / 60_000) * 60_000;
      expect(enqueued.includes('24h')).toBe(end % 600_000 === 0);
      clock.ms += 60_000;
    }
    expect(counts).toEqual({ '5m': 60, '1h': 30, '24h': 6 });
  });

  it('a tick late by a few seconds still finds the slot once', async () => {
    const clock = { ms: Date.UTC(2026, 0, 1, 0, 9, 59, 900) };
    const { scheduler, enqueued } = schedulerAt(clock);
    await scheduler.tick('m'); // window end 00:10: the 24h slot's first tick
    clock.ms = Date.UTC(2026, 0, 1, 0, 10, 58); // next tick, window end 00:11
    await scheduler.tick('m');
    expect(enqueued.filter((w) => w === '24h')).toHaveLength(1);
  });

  it('a new reference evaluates every window at once', async () => {
    const clock = { ms: Date.UTC(2026, 0, 1, 0, 2, 30) };
    const { scheduler, enqueued } = schedulerAt(clock);
    await scheduler.tick('m');
    expect(enqueued).toEqual(['5m']);
    enqueued.length = 0;
    await scheduler.watch('m', 7);
    expect(enqueued).toEqual(['5m', '1h', '24h']);
  });
});
