import { DelayedError } from 'bullmq';
import type { DependencyHealth } from '../lib/dependency-health.js';
import type { Processor } from './processors.js';

/**
 * Wraps a processor so that a job failing because Postgres or Redis is unreachable is reported to
 * the health tracker (which logs the outage once, and makes the worker pause its queues) and put
 * back for later without spending an attempt: the outage is not the job's fault, and a job that
 * spent its attempts on one would be failed for good by a long enough outage. Every job is
 * idempotent, so running it again from the start is safe.
 */
export function spareDuringOutages(processor: Processor, health: DependencyHealth): Processor {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (err) {
      const dependency = health.absorb(err);
      if (dependency === undefined) throw err;
      // moveToDelayed does not count an attempt (BullMQ's skipAttempt).
      await job.moveToDelayed(Date.now() + health.retryDelayMs(dependency), token);
      throw new DelayedError();
    }
  };
}
