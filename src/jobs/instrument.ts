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
  return async (job) => {
    const stop = metrics.jobDuration.startTimer({ queue });
    try {
      const result = await processor(job);
      metrics.jobsProcessed.inc({ queue, outcome: 'completed' });
      return result;
    } catch (err) {
      metrics.jobsProcessed.inc({ queue, outcome: 'failed' });
      throw err;
    } finally {
      stop();
    }
  };
}
