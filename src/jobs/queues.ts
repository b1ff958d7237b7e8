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
  /**
   * Deliver one alert notification to one channel. Job id: the notification id, so a replayed
   * decision or the reconciler's re-enqueue is a no-op; the notification itself is in Postgres.
   */
  notify: z.object({ notificationId: z.string().regex(/^ntf_[0-9a-f]{32}$/) }),
} as const;

export type QueueName = keyof typeof queuePayloads;
export type Payload<Q extends QueueName> = z.infer<(typeof queuePayloads)[Q]>;
export const QUEUE_NAMES = Object.keys(queuePayloads) as QueueName[];

export function foldJobId(batchId: number): string {
  return `batch-${batchId}`;
}
