import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { QUEUE_NAMES, type QueueName } from './queues.js';

/** The states `modelwatch_queue_jobs` reports (deploy/prometheus/rules.yml alerts on `waiting`). */
export const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export const QUEUE_JOBS_METRIC = 'modelwatch_queue_jobs';

/**
 * `modelwatch_queue_jobs{queue,state}`: jobs per queue and state, from BullMQ's own counts, read
 * by the worker every few seconds rather than at scrape time, so that a scrape never waits on Redis
 * and many scrapers cost Redis nothing extra. Returns the refresh; the gauge is registered on
 * first call, so that processes that never refresh (the API role) export no stale series.
 */
export function queueDepth(registry: Registry, queue: (name: QueueName) => Pick<Queue, 'getJobCounts'>) {
  let gauge: Gauge<'queue' | 'state'> | undefined;
  return async function refresh(): Promise<void> {
    gauge ??= new Gauge({
      name: QUEUE_JOBS_METRIC,
      help: 'Jobs in each queue by state (waiting, active, delayed, failed, completed), refreshed by the worker.',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    });
    for (const name of QUEUE_NAMES) {
      const counts = await queue(name).getJobCounts(...QUEUE_JOB_STATES);
      for (const state of QUEUE_JOB_STATES) gauge.set({ queue: name, state }, counts[state] ?? 0);
    }
  };
}
