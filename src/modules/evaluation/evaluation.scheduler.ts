import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Enqueue } from '../../jobs/enqueue.js';
import { evaluateDedupId, evaluateJobId, evaluateSchedulerId } from '../../jobs/queues.js';
import type { WindowLength } from '../../lib/windows.js';

export interface EvaluationSchedulerDeps {
  /** The producer-side `evaluate` queue (job schedulers live on it). */
  queue: () => Queue;
  enqueue: Enqueue;
  /** Ids of the models to evaluate: every model not archived. */
  activeModels: () => Promise<string[]>;
  windows: readonly WindowLength[];
  tileSeconds: number;
  intervalSeconds: number;
  /**
   * Windows evaluated less often than every tick (EVALUATION_WINDOW_INTERVALS): name → seconds.
   * A window not named here is evaluated at every tick.
   */
  windowIntervals?: Readonly<Record<string, number>>;
  debounceMs: number;
  log: Logger;
  now?: () => number;
}

/** Ticks are cheap and replaced by the next one; keep few. Window jobs use the queue defaults. */
const TICK_OPTIONS = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/**
 * When windows are evaluated. A window ends at the end of the tile bucket holding the time its
 * job runs, so the newest events count; a job id names (model, window, end at enqueue, trigger),
 * so a tick repeated within one bucket adds nothing, and the evaluation row of that end is
 * overwritten while the bucket fills.
 *
 * Every trigger (tick, fold, reference) coalesces into one pending job per model and window
 * (BullMQ deduplication on evaluateDedupId): a trigger finding one waiting adds nothing, since
 * that job will read everything committed before it starts; one finding it running is kept as
 * the next job (`keepLastIfActive`), run once the current one ends, so newer data is evaluated
 * too. A new reference also replaces a job waiting for its delay (a fold's debounce, a retry's
 * backoff), so that it is evaluated at once.
 */
export function createEvaluationScheduler(deps: EvaluationSchedulerDeps) {
  const now = deps.now ?? Date.now;
  const tileMs = deps.tileSeconds * 1000;
  const windowEndAt = (ms: number) => Math.ceil(ms / tileMs) * tileMs;
  const shortest = deps.windows[0]!;

  /** Enqueues the evaluation of one window, coalesced with any pending one of the same. */
  const enqueueWindow = (
    modelId: string,
    window: string,
    jobId: string,
    opts: { delay?: number; replace?: boolean } = {},
  ) =>
    deps.enqueue(
      'evaluate',
      { kind: 'window', modelId, window },
      {
        jobId,
        ...(opts.delay === undefined ? {} : { delay: opts.delay }),
        deduplication: {
          id: evaluateDedupId(modelId, window),
          keepLastIfActive: true,
          ...(opts.replace ? { replace: true } : {}),
        },
      },
    );

  async function upsert(modelId: string): Promise<void> {
    await deps
      .queue()
      .upsertJobScheduler(
        evaluateSchedulerId(modelId),
        { every: deps.intervalSeconds * 1000 },
        { name: 'evaluate', data: { kind: 'tick', modelId }, opts: TICK_OPTIONS },
      );
  }

  /**
   * Whether a scheduled tick ending its windows at `windowEnd` evaluates `window`: at every tick,
   * or, for a window with its own interval, at the first tick of each of its slots (the slot of
   * `windowEnd` differs from that of the previous tick's end). Slots are aligned to the epoch, so
   * every model's 24 h window falls due in the same tick; jitter can come later if that matters.
   */
  const due = (window: WindowLength, windowEnd: number) => {
    const everyMs = (deps.windowIntervals?.[window.name] ?? 0) * 1000;
    const tickMs = Math.max(deps.intervalSeconds * 1000, tileMs);
    if (everyMs <= tickMs) return true;
    return Math.floor(windowEnd / everyMs) !== Math.floor((windowEnd - tickMs) / everyMs);
  };

  async function tick(modelId: string, trigger?: string): Promise<void> {
    const windowEnd = windowEndAt(now());
    for (const window of deps.windows) {
      if (trigger === undefined && !due(window, windowEnd)) continue;
      await enqueueWindow(modelId, window.name, evaluateJobId(modelId, window.name, windowEnd, trigger), {
        replace: trigger !== undefined,
      });
    }
  }

  return {
    tick: (modelId: string) => tick(modelId),

    /** The end of the window a job evaluates when it runs now: the end of the current tile bucket. */
    currentWindowEnd: () => windowEndAt(now()),

    /**
     * After new data is folded: evaluate the shortest window at the end of the current debounce
     * slot. Every fold in one slot names the same job (and any pending job of the window takes
     * them in), so a burst of folds costs one evaluation.
     */
    async onFolded(modelId: string): Promise<void> {
      const t = now();
      const slotEnd = (Math.floor(t / deps.debounceMs) + 1) * deps.debounceMs;
      const jobId = evaluateJobId(modelId, shortest.name, windowEndAt(slotEnd), `fold-${slotEnd}`);
      await enqueueWindow(modelId, shortest.name, jobId, { delay: slotEnd - t });
    },

    /**
     * A new reference was set: make sure the model has a scheduler, and evaluate every window now
     * against it (a tick's job ids for this window end may already have run, on the old reference).
     * Pending jobs of the model take it in rather than being added to: many uploads in a row cost
     * one pending evaluation per window.
     */
    async watch(modelId: string, referenceId: number): Promise<void> {
      await upsert(modelId);
      await tick(modelId, `reference-${referenceId}`);
    },

    /**
     * One job scheduler per active model, none for the others. Run periodically by the worker, so
     * schedulers come back after Redis lost its data (Postgres is the source of truth). Upserting
     * an unchanged scheduler keeps its next run time.
     */
    async sync(): Promise<{ scheduled: number; removed: number }> {
      const active = new Set(await deps.activeModels());
      for (const modelId of active) await upsert(modelId);
      let removed = 0;
      const queue = deps.queue();
      for (const scheduler of await queue.getJobSchedulers(0, -1)) {
        const modelId = scheduler.key.startsWith('evaluate/')
          ? scheduler.key.slice('evaluate/'.length)
          : null;
        if (modelId !== null && !active.has(modelId)) {
          await queue.removeJobScheduler(scheduler.key);
          removed++;
        }
      }
      if (removed > 0) deps.log.info({ removed }, 'removed evaluation schedulers of archived models');
      return { scheduled: active.size, removed };
    },
  };
}

export type EvaluationScheduler = ReturnType<typeof createEvaluationScheduler>;
