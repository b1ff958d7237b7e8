import type { JobState, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { foldJobId } from '../../jobs/queues.js';
import type { BatchRef, IngestStore } from './ingest.store.js';

/** The fold queue as the reconciler sees it: a job's state by id, and two ways to (re)queue one. */
export interface FoldQueue {
  isConnected(): boolean;
  state(jobId: string): Promise<JobState | 'unknown'>;
  add(batch: BatchRef): Promise<void>;
  /** Moves a finished job back to waiting under the same id. */
  retry(jobId: string, state: 'completed' | 'failed'): Promise<void>;
}

export function bullmqFoldQueue(
  queue: () => Queue,
  isConnected: () => boolean,
  enqueue: (batch: BatchRef) => Promise<void>,
): FoldQueue {
  return {
    isConnected,
    state: (jobId) => queue().getJobState(jobId),
    add: enqueue,
    async retry(jobId, state) {
      const job = await queue().getJob(jobId);
      await job?.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    },
  };
}

export interface ReconcileReport {
  checked: number;
  added: number;
  retried: number;
}

export interface ReconcilerOptions {
  store: Pick<IngestStore, 'listUnfoldedBatches'>;
  queue: FoldQueue;
  log: Logger;
  /** Batches younger than this are left to the enqueue that followed their commit. */
  minAgeMs?: number;
  /** At most this many batches per run; the next run continues after the last one checked. */
  maxPerRun?: number;
  pageSize?: number;
}

/**
 * Postgres, not Redis, knows which batches still need folding. Every run walks the unfolded
 * batches older than a minute and makes sure each has a live fold job: missing → added (Redis lost
 * it, or was down at commit); finished while the batch is still unfolded → retried. Waiting and
 * active jobs are left alone, and job ids are deterministic, so replicas running this together
 * cannot create a second job for a batch.
 */
export function createReconciler({
  store,
  queue,
  log,
  minAgeMs = 60_000,
  maxPerRun = 10_000,
  pageSize = 500,
}: ReconcilerOptions) {
  let cursor = 0;

  async function ensureQueued(batch: BatchRef, report: ReconcileReport): Promise<void> {
    const jobId = foldJobId(batch.batchId);
    const state = await queue.state(jobId);
    if (state === 'unknown') {
      await queue.add(batch);
      report.added++;
    } else if (state === 'completed' || state === 'failed') {
      await queue.retry(jobId, state);
      report.retried++;
    }
  }

  return {
    async runOnce(): Promise<ReconcileReport> {
      const report: ReconcileReport = { checked: 0, added: 0, retried: 0 };
      if (!queue.isConnected()) {
        log.debug('reconciler skipped: Redis is not connected');
        return report;
      }
      while (report.checked < maxPerRun) {
        const page = await store.listUnfoldedBatches(minAgeMs, cursor, pageSize);
        for (const batch of page) {
          await ensureQueued(batch, report);
          report.checked++;
          cursor = batch.batchId;
        }
        if (page.length < pageSize) {
          cursor = 0;
          break;
        }
      }
      if (report.added + report.retried > 0) log.info(report, 'reconciler re-enqueued unfolded batches');
      return report;
    },
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
