import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { RedisUnavailableError } from '../lib/redis.js';
import { queuePayloads, type Payload, type QueueName } from './queues.js';

/**
 * A deterministic job id; a delay; where a queue needs its own, the retry plan; and a
 * deduplication id where jobs must coalesce (at most one pending per id, see evaluateDedupId).
 */
export type EnqueueOptions = { jobId: string } & Pick<
  JobsOptions,
  'attempts' | 'backoff' | 'delay' | 'deduplication'
>;

export type Enqueue = <Q extends QueueName>(
  queue: Q,
  payload: Payload<Q>,
  opts: EnqueueOptions,
) => Promise<void>;

/** Completed jobs are kept for a while so that a replay of the same job id within that time is ignored. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600, count: 10_000 },
};

export class QueueUnavailableError extends RedisUnavailableError {
  constructor() {
    super('Redis is not connected; the job was not enqueued');
  }
}

export interface Queues {
  get(queue: QueueName): Queue;
  enqueue: Enqueue;
  close(): Promise<void>;
}

/**
 * Producer-side queues. They are created on first use once Redis is connected, and enqueueing
 * fails at once while it is not: the caller has already committed to Postgres, and the
 * reconciler enqueues whatever this misses.
 */
export function createQueues(
  connection: Redis,
  prefix: string,
  onError: (err: Error) => void = () => undefined,
): Queues {
  const queues = new Map<QueueName, Queue>();
  const get = (name: QueueName): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // A Queue re-emits its connection's errors; unheard, BullMQ prints each one to stderr.
      queue.on('error', onError);
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    get,
    async enqueue(name, payload, opts) {
      if (connection.status !== 'ready') throw new QueueUnavailableError();
      const data = queuePayloads[name].parse(payload);
      // Absent options stay absent, so that the queue's defaults apply rather than `undefined`.
      const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
      await get(name).add(name, data, defined as EnqueueOptions);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
