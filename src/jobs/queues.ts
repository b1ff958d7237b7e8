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
   * Evaluate a model (src/modules/evaluation). `tick`, from the model's job scheduler, enqueues one
   * `window` job per configured window; a `window` job evaluates [windowEnd − length, windowEnd),
   * by default ending with the tile bucket that holds the time the job runs, so that a job that
   * starts after a trigger covers everything committed before it. Job ids: evaluateJobId (model,
   * window, window end, trigger); at most one pending per model and window (evaluateDedupId).
   */
  evaluate: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('tick'), modelId: z.string() }),
    z.object({
      kind: z.literal('window'),
      modelId: z.string(),
      window: z.string(),
      windowEnd: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('epoch milliseconds; absent: the end of the tile bucket holding the time the job runs'),
    }),
  ]),
  /**
   * Deliver one alert notification to one channel. Job id: the notification id, so a replayed
   * decision or the reconciler's re-enqueue is a no-op; the notification itself is in Postgres.
   */
  notify: z.object({ notificationId: z.string().regex(/^ntf_[0-9a-f]{32}$/) }),
} as const;

export type QueueName = keyof typeof queuePayloads;
export type Payload<Q extends QueueName> = z.infer<(typeof queuePayloads)[Q]>;
export const QUEUE_NAMES = Object.keys(queuePayloads) as QueueName[];

/**
 * Queues produced before their processor exists: their jobs wait in Redis, unconsumed, and the
 * worker says so at startup. Remove a name when its processor lands; the worker then refuses to
 * start without it, like every other queue. (`fold` was one until src/modules/tiles landed.)
 */
export const QUEUES_AWAITING_PROCESSOR: readonly QueueName[] = [];

export function foldJobId(batchId: number): string {
  return `batch-${batchId}`;
}

/**
 * BullMQ refuses ':' in job ids; model ids are slugs without '/'. `trigger` names an extra run of
 * the same window end (`fold-<slot>`, `reference-<id>`), which a tick's id would deduplicate away.
 */
export function evaluateJobId(modelId: string, window: string, windowEnd: number, trigger?: string): string {
  return `evaluate/${modelId}/${window}/${windowEnd}${trigger === undefined ? '' : `/${trigger}`}`;
}

/**
 * BullMQ's deduplication id of a model's window jobs, whatever triggered them (a tick, a fold, a
 * reference): one pending job per model and window, so that no model can fill the queue.
 */
export function evaluateDedupId(modelId: string, window: string): string {
  return `evaluate/${modelId}/${window}`;
}

/** The id of a model's evaluation job scheduler. */
export function evaluateSchedulerId(modelId: string): string {
  return `evaluate/${modelId}`;
}
