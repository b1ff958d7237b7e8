import {
  sliceEvaluationStore,
  createEvaluateProcessor,
  type EvaluationScheduler,
  type EvaluationService,
  evaluationStore,
} from './modules/evaluation/index.js';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Pool } from './lib/db.js';
import type { DependencyHealth } from './lib/dependency-health.js';
import type { Metrics } from './lib/metrics.js';
import { periodicTask } from './lib/periodic.js';
import type { Processor, Processors } from './jobs/processors.js';
import { type Alerting, segmentSnapshots, snapshotFromEvaluation } from './modules/alerting/index.js';
import type { PartitionUpkeep, Reconciler } from './modules/ingest/index.js';
import type { SessionService } from './modules/sessions/index.js';
import {
  createFoldProcessor,
  type FoldResult,
  type FoldService,
  type TileMaintenance,
} from './modules/tiles/index.js';
import type { ValueService } from './modules/value/index.js';

/*
 * The pipeline in one place (docs/architecture.md#data-flow). Each stage is a queue's processor;
 * what it hands the next stage is written here and nowhere else:
 *
 *   ingest (HTTP, commits a batch) ──enqueue──► fold ──after each batch folded──► evaluate
 *     (the shortest window, debounced; every window on schedule) ──each evaluation──► alert
 *     (the rules engine, in the evaluate job) ──each transition──► notify (per channel)
 *
 * and the periodic tasks that keep it whole: re-enqueue what Redis lost (reconciler, lost
 * notifications), compact and roll up tiles, partitions and retention, schedulers, objectives.
 * Only a worker asks for these: the container builds them when first read (container.ts).
 */

/** One stage of the data flow, in order, for documentation and the pipeline's own test. */
export const STAGES = [
  { name: 'ingest', runs: 'the API: validates, commits a batch, enqueues its fold' },
  { name: 'fold', runs: 'queue fold: the batch into tile contributions, exactly once' },
  { name: 'compact', runs: 'periodic: contributions into tiles, hours rolled up' },
  { name: 'evaluate', runs: 'queue evaluate: a window against the reference, stored' },
  { name: 'alert', runs: 'in the evaluate job: rules over the evaluation, alert transitions' },
  { name: 'notify', runs: 'queue notify: each transition to each channel, retried' },
] as const;

export interface PipelineParts {
  config: Config;
  log: Logger;
  pool: Pool;
  redis: Redis;
  metrics: Metrics;
  dependencies: DependencyHealth;
  folds: FoldService;
  tileTasks: TileMaintenance;
  scheduler: EvaluationScheduler;
  evaluations: EvaluationService;
  alerting: Alerting;
  reconciler: Reconciler;
  upkeep: PartitionUpkeep;
  sessions: SessionService;
  value: ValueService;
  refreshQueueDepth: () => Promise<void>;
}

/**
 * The fold processor, followed by `onFolded` for the model of every batch it folded (not for a
 * replay that found the batch folded). `onFolded` must not throw: the fold has committed.
 */
export function afterFold(fold: Processor, onFolded: (modelId: string) => Promise<void>): Processor {
  return async (job) => {
    const result = (await fold(job)) as FoldResult;
    if (result.status === 'folded') await onFolded(result.modelId);
    return result;
  };
}

/** Each queue's processor, with the hand-off to the next stage. */
export function stageProcessors(p: PipelineParts): Processors {
  const { folds, metrics, log, scheduler, evaluations, alerting, dependencies } = p;
  return {
    fold: afterFold(createFoldProcessor({ folds, metrics, log }), (modelId) =>
      scheduler.onFolded(modelId).catch((err: unknown) => {
        if (!dependencies.absorb(err))
          log.warn({ modelId, err }, 'scheduling the evaluation after a fold failed');
      }),
    ),
    evaluate: createEvaluateProcessor({
      service: evaluations,
      scheduler,
      // The whole model's evaluation, then its segment values' of the same window end (stored
      // by evaluateWindow before it returned), for rules that target segments.
      onEvaluated: async (evaluation) => {
        const snapshot = snapshotFromEvaluation(evaluation);
        if (!snapshot) return;
        const { modelId, window, windowEnd } = snapshot;
        await alerting.engine.onEvaluation(snapshot, {
          segments: async () =>
            segmentSnapshots(await sliceEvaluationStore.atWindowEnd(p.pool, modelId, window, windowEnd)),
        });
      },
    }),
    notify: alerting.notifyProcessor,
  };
}

export interface BackgroundTask {
  name: string;
  start(): () => Promise<void>;
}

/**
 * The worker's periodic tasks. An outage fails each of them until it ends: the health tracker
 * says so once, rather than every task at every run.
 */
export function periodicTasks(p: PipelineParts): BackgroundTask[] {
  const { config, pool, redis, tileTasks, scheduler, alerting, reconciler, upkeep, sessions, value } = p;
  const task = (name: string, intervalMs: number, run: () => Promise<unknown>) =>
    periodicTask(name, intervalMs, run, p.log, { absorb: p.dependencies.absorb });
  const retentionMs = config.RETENTION_DAYS * 86_400_000;
  return [
    task('reconcile unfolded batches', config.RECONCILE_INTERVAL_SECONDS * 1000, () => reconciler.runOnce()),
    task('prediction partitions and retention', 3_600_000, () => upkeep.runOnce()),
    // Readers merge contributions not yet compacted, so this pace affects read cost, not freshness.
    task('compact tile contributions', 2_000, () => tileTasks.compactAll()),
    task('roll up, prune and expire tiles', 60_000, () => tileTasks.maintain()),
    task('evaluation schedulers', 60_000, () => scheduler.sync()),
    // Skipped while Redis is away (the health tracker says so once); the last counts stay.
    task('queue depth gauge', config.QUEUE_METRICS_REFRESH_SECONDS * 1000, async () => {
      if (redis.status === 'ready') await p.refreshQueueDepth();
    }),
    task('evaluation retention', 3_600_000, async () => {
      const horizons = {
        expireBefore: new Date(Date.now() - retentionMs),
        thinBefore: new Date(Date.now() - config.EVALUATION_FULL_RESOLUTION_HOURS * 3_600_000),
      };
      return (
        (await evaluationStore.expire(pool, horizons)) + (await sliceEvaluationStore.expire(pool, horizons))
      );
    }),
    task('re-enqueue lost notifications', 60_000, () => alerting.reconciler.runOnce()),
    task('expired sessions and login tokens', 3_600_000, () => sessions.expire()),
    task('value objectives', config.OBJECTIVE_INTERVAL_SECONDS * 1000, () => value.judgeAll()),
  ];
}
