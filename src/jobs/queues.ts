import { z } from 'zod';

/**
 * Every queue, by name, with the schema of its payload: the one map producers and processors share.
 * Job ids are deterministic, so that enqueueing the same work twice is a no-op.
 */
export const queuePayloads = {
  /** Fold one committed ingest batch into tiles. Job id: `batch-<id>`. */
  fold: z.object({
    batchId: z.number().int().positive(),
    modelId: z.string(),
    kind: z.enum(['predictions', 'outcomes']),
  }),
} as const;

export type QueueName = keyof typeof queuePayloads;
export type Payload<Q extends QueueName> = z.infer<(typeof queuePayloads)[Q]>;
export const QUEUE_NAMES = Object.keys(queuePayloads) as QueueName[];

/**
 * Queues produced before their processor exists. `fold` is enqueued by ingest and kept whole by
 * the reconciler, but folding is the tiles issue: until it lands its jobs wait in Redis, unconsumed,
 * and the worker says so at startup. Remove a name when its processor lands; the worker then
 * refuses to start without it, like every other queue.
 */
export const QUEUES_AWAITING_PROCESSOR: readonly QueueName[] = ['fold'];

export function foldJobId(batchId: number): string {
  return `batch-${batchId}`;
}
