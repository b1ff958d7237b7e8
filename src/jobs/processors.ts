import type { Job } from 'bullmq';
import type { QueueName } from './queues.js';

export type Processor = (job: Job) => Promise<unknown>;

/** Each queue's processor. The worker refuses to start when a queue in the map has none. */
export type Processors = Record<QueueName, Processor>;

export function assertEveryQueueHasAProcessor(
  names: readonly QueueName[],
  processors: Partial<Processors>,
): asserts processors is Processors {
  const missing = names.filter((name) => typeof processors[name] !== 'function');
  if (missing.length > 0) throw new Error(`no processor for queue(s): ${missing.join(', ')}`);
}
