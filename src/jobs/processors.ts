import type { Job } from 'bullmq';
import type { QueueName } from './queues.js';

export type Processor = (job: Job) => Promise<unknown>;

/** Each queue's processor. The worker refuses to start when a queue in the map has none. */
export type Processors = Record<QueueName, Processor>;

/**
 * Throws when a queue has no processor, except the queues listed in `awaitingProcessor` (see
 * QUEUES_AWAITING_PROCESSOR): those are produced before their consumer exists, on purpose.
 */
export function assertEveryQueueHasAProcessor(
  names: readonly QueueName[],
  processors: Partial<Processors>,
  awaitingProcessor: readonly QueueName[] = [],
): void {
  const missing = names.filter(
    (name) => typeof processors[name] !== 'function' && !awaitingProcessor.includes(name),
  );
  if (missing.length > 0) throw new Error(`no processor for queue(s): ${missing.join(', ')}`);
}
