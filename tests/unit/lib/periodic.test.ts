import { describe, expect, it } from 'vitest';
import { periodicTask } from '../../../src/lib/periodic.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/log-records.js';

// Issue 8, "quiet under faults": a background task failing at every run of an outage leaves the
// telling to the health tracker (`absorb`), and logs its other failures as before.

describe('periodicTask', () => {
  it('logs a failed run unless `absorb` takes the error', async () => {
    const { log, records } = recordingLogger();
    const outage = new Error('outage');
    const errors = [outage, new Error('a bug'), outage];
    const absorbed: unknown[] = [];
    const task = periodicTask(
      'chore',
      1,
      async () => {
        const err = errors.shift();
        if (err) throw err;
      },
      log,
      { absorb: (err) => err === outage && absorbed.push(err) },
    );
    const stop = task.start();
    await eventually(() => (errors.length === 0 ? true : undefined), 5_000, 1);
    await stop();
    expect(absorbed).toEqual([outage, outage]);
    expect(records).toEqual([
      expect.objectContaining({ level: 40, task: 'chore', msg: 'background task run failed' }),
    ]);
    expect((records[0]!.err as { message: string }).message).toBe('a bug');
  });
});
