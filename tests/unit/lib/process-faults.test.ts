import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { logProcessFaults } from '../../../src/lib/process-faults.js';
import { recordingLogger } from '../../helpers/log-records.js';

// Issue 8, "quiet under faults": nothing but JSON on the service's output, even for a fault
// nobody handled; the process still ends, as Node's default would.

describe('logProcessFaults', () => {
  it('logs an unhandled rejection or an uncaught exception as one fatal record, then exits 1', () => {
    const { log, records } = recordingLogger();
    const proc = Object.assign(new EventEmitter(), { exit: vi.fn() });
    logProcessFaults(log, proc as unknown as NodeJS.Process);

    proc.emit('unhandledRejection', new Error('Connection is closed.'));
    proc.emit('uncaughtException', new Error('boom'));

    expect(records).toEqual([
      expect.objectContaining({
        level: 60,
        msg: 'unhandled rejection',
        err: expect.objectContaining({ message: 'Connection is closed.' }),
      }),
      expect.objectContaining({
        level: 60,
        msg: 'uncaught exception',
        err: expect.objectContaining({ message: 'boom' }),
      }),
    ]);
    expect(proc.exit.mock.calls).toEqual([[1], [1]]);
  });
});
