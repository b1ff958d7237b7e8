import { DelayedError } from 'bullmq';
import type { Metrics } from '../lib/metrics.js';
import type { Processor } from './processors.js';
import type { QueueName } from './queues.js';

/**
 * Wraps a processor so that every queue reports the same job metrics: jobs finished by outcome,
 * and time spent. A failure is counted per attempt: a job retried three times counts three.
 */
export function instrumentProcessor(
  queue: QueueName,
  processor: Processor,
  metrics: Pick<Metrics, 'jobsProcessed' | 'jobDuration'>,
): Processor {
  return async (job, token) => {
    const stop = metrics.jobDuration.startTimer({ queue });
    try {
      const result = await processor(job, token);
      metrics.jobsProcessed.inc({ queue, outcome: 'completed' });
      return result;
    } catch (err) {
      // A job that put itself back for later (a rate limit, an ordering wait) did not fail.
      metrics.jobsProcessed.inc({ queue, outcome: err instanceof DelayedError ? 'delayed' : 'failed' });
      throw err;
    } finally {
      stop();
    }
  };
}
