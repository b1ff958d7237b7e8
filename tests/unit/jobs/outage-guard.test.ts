import { DelayedError, type Job } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import { spareDuringOutages } from '../../../src/jobs/outage-guard.js';
import { createDependencyHealth } from '../../../src/lib/dependency-health.js';
import { recordingLogger } from '../../helpers/log-records.js';

// Issue 8, "quiet under faults": a job that fails because Postgres or Redis is away is put back
// without spending an attempt, and the outage is reported once instead of as a failed job.

function setup(processor: () => Promise<unknown>) {
  const { log, records } = recordingLogger();
  const health = createDependencyHealth({
    log,
    probes: { postgres: () => new Promise(() => undefined), redis: () => new Promise(() => undefined) },
    minDelayMs: 250,
  });
  const moveToDelayed = vi.fn(async () => undefined);
  const job = { id: 'batch-1', data: {}, moveToDelayed } as unknown as Job;
  return { guarded: spareDuringOutages(processor, health), job, moveToDelayed, health, records };
}

describe('spareDuringOutages', () => {
  it('puts a job that met an outage back for later, without an attempt, and reports the outage', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { guarded, job, moveToDelayed, health, records } = setup(() => Promise.reject(lost));
    const before = Date.now();
    await expect(guarded(job, 'token-1')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'token-1');
    const [[until]] = moveToDelayed.mock.calls as unknown as [[number]];
    expect(until).toBeGreaterThanOrEqual(before + 250);
    expect(health.isUp('postgres')).toBe(false);
    expect(records.map((r) => r.msg)).toEqual(['dependency unreachable']);
    health.stop();
  });

  it('lets any other failure, and every result, through as they are', async () => {
    const bug = new Error('numeric summary: non-finite moment');
    const failing = setup(() => Promise.reject(bug));
    await expect(failing.guarded(failing.job, 't')).rejects.toBe(bug);
    expect(failing.moveToDelayed).not.toHaveBeenCalled();
    expect(failing.records).toEqual([]);

    const working = setup(async () => ({ status: 'folded' }));
    await expect(working.guarded(working.job, 't')).resolves.toEqual({ status: 'folded' });
  });
});
