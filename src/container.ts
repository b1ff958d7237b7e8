import { getHeapStatistics } from 'node:v8';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createPool, type Pool } from './lib/db.js';
import { createLogger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { createRedis } from './lib/redis.js';
import { createQueues, type Queues } from './jobs/enqueue.js';
import type { Authenticate } from './http/plugins/auth.js';
import type { Readiness } from './http/plugins/health.js';
import type { Processors } from './jobs/processors.js';
import { foldJobId } from './jobs/queues.js';
import { periodicTask } from './lib/periodic.js';
import { createIngestService, type IngestService } from './modules/ingest/ingest.service.js';
import { createIngestStore, type BatchRef } from './modules/ingest/ingest.store.js';
import { createPartitionUpkeep, type PartitionUpkeep } from './modules/ingest/partitions.js';
import { bullmqFoldQueue, createReconciler, type Reconciler } from './modules/ingest/reconciler.js';
import { createValidatorCache } from './modules/ingest/validator-cache.js';
import { createAuditStore } from './modules/audit/audit.store.js';
import { createKeyAuthenticator } from './modules/keys/keys.auth.js';
import { createKeyService, type KeyService } from './modules/keys/keys.service.js';
import { createKeyStore } from './modules/keys/keys.store.js';
import { createModelService, type ModelService } from './modules/models/models.service.js';
import { createModelStore } from './modules/models/models.store.js';

export type Role = 'api' | 'worker' | 'all';

/** Everything a process is built from. Nothing is constructed outside this file. */
export interface Container {
  config: Config;
  role: Role;
  log: Logger;
  pool: Pool;
  redis: Redis;
  queues: Queues;
  metrics: Metrics;
  readiness: Readiness & { beginShutdown(): void };
  authenticate: Authenticate;
  keys: KeyService;
  models: ModelService;
  limits: { maxHeapUsedBytes: number };
  redisUrl: string;
  ingest: IngestService;
  /** The worker's ingest chores, also callable directly (tests, a future CLI chore). */
  ingestTasks: { reconciler: Reconciler; partitions: PartitionUpkeep };
  /** Each queue's processor (see jobs/processors.ts); the worker refuses to start with one missing. */
  processors: Partial<Processors>;
  /** Periodic chores a worker runs (reconciler, partition upkeep); start() returns the stop function. */
  backgroundTasks: BackgroundTask[];
  close(): Promise<void>;
}

export interface BackgroundTask {
  name: string;
  start(): () => Promise<void>;
}

export interface Connections {
  databaseUrl: string;
  redisUrl: string;
}

export function createContainer(
  config: Config,
  role: Role,
  connections: Connections,
  log = createLogger(config.LOG_LEVEL),
): Container {
  const pool = createPool(connections.databaseUrl);
  pool.on('error', (err) => log.warn({ err }, 'idle Postgres client failed'));
  const redis = createRedis(connections.redisUrl, 'producer');
  redis.on('error', (err) => log.debug({ err: err.message }, 'Redis connection error'));
  const queues = createQueues(redis, config.QUEUE_PREFIX, (err) =>
    log.debug({ err: err.message }, 'queue Redis error'),
  );
  const metrics = createMetrics(role);

  let shuttingDown = false;
  const readiness = {
    isShuttingDown: () => shuttingDown,
    beginShutdown: () => {
      shuttingDown = true;
    },
    checks: {
      postgres: () => pool.query('SELECT 1'),
      redis: () => redis.ping(),
    },
  };

  const audit = createAuditStore();
  const keyStore = createKeyStore();
  // The bootstrap ADMIN_API_KEY first, then the api_keys table.
  const auth = createKeyAuthenticator({ bootstrapKey: config.ADMIN_API_KEY, db: pool, store: keyStore, log });
  const keys = createKeyService({ pool, store: keyStore, audit, onRevoked: auth.forget });
  const models = createModelService({ pool, store: createModelStore(), audit });

  const ingestStore = createIngestStore(pool);
  const enqueueFold = (batch: BatchRef) => queues.enqueue('fold', batch, { jobId: foldJobId(batch.batchId) });
  const ingest = createIngestService({
    store: ingestStore,
    validators: createValidatorCache(),
    enqueueFold,
    recordEvents: (model, kind, counts) => {
      metrics.events.inc({ model, kind, outcome: 'accepted' }, counts.accepted);
      metrics.events.inc({ model, kind, outcome: 'duplicate' }, counts.duplicates);
      metrics.events.inc({ model, kind, outcome: 'rejected' }, counts.rejected);
    },
    log,
    limits: {
      maxBatchEvents: config.MAX_BATCH_EVENTS,
      bodyLimit: config.BODY_LIMIT,
      retentionDays: config.RETENTION_DAYS,
    },
  });
  const reconciler = createReconciler({
    store: ingestStore,
    queue: bullmqFoldQueue(
      () => queues.get('fold'),
      () => redis.status === 'ready',
      enqueueFold,
    ),
    log,
  });
  const upkeep = createPartitionUpkeep({ pool, retentionDays: config.RETENTION_DAYS });

  return {
    config,
    role,
    log,
    pool,
    redis,
    queues,
    metrics,
    readiness,
    authenticate: auth.authenticate,
    keys,
    models,
    // Shed load before V8's own limit (which follows --max-old-space-size) is near.
    limits: { maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.85) },
    redisUrl: connections.redisUrl,
    ingest,
    ingestTasks: { reconciler, partitions: upkeep },
    processors: {},
    // Run by the worker role only (main-worker.ts starts them).
    backgroundTasks: [
      periodicTask('reconcile unfolded batches', 15_000, () => reconciler.runOnce(), log),
      periodicTask('prediction partitions and retention', 3_600_000, () => upkeep.runOnce(), log),
    ],
    async close() {
      await queues.close().catch((err) => log.warn({ err }, 'closing queues failed'));
      redis.disconnect();
      await auth.drain();
      await pool.end();
    },
  };
}
