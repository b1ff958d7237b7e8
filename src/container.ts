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
import type { WorkerOptions } from 'bullmq';
import type { Processors } from './jobs/processors.js';
import type { QueueName } from './jobs/queues.js';
import { createAuditStore } from './modules/audit/audit.store.js';
import { createKeyAuthenticator } from './modules/keys/keys.auth.js';
import { createKeyService, type KeyService } from './modules/keys/keys.service.js';
import { createKeyStore } from './modules/keys/keys.store.js';
import { createModelService, type ModelService } from './modules/models/models.service.js';
import { createModelStore } from './modules/models/models.store.js';
import { createAlerting, type Alerting } from './modules/alerting/alerting.wiring.js';

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
  /** Rules, alerts, silences, channels; `alerting.engine.onEvaluation` is what evaluations call. */
  alerting: Alerting;
  limits: { maxHeapUsedBytes: number };
  redisUrl: string;
  /** Each queue's processor (see jobs/processors.ts); the worker refuses to start with one missing. */
  processors: Partial<Processors>;
  /** Worker settings a queue needs beyond the defaults (its concurrency, a custom backoff). */
  workerOptions: Partial<Record<QueueName, Pick<WorkerOptions, 'concurrency' | 'settings'>>>;
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
  const queues = createQueues(redis, config.QUEUE_PREFIX);
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
  const alerting = createAlerting({
    config,
    role,
    pool,
    redis,
    queues,
    models,
    registry: metrics.registry,
    log,
  });

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
    alerting,
    // Shed load before V8's own limit (which follows --max-old-space-size) is near.
    limits: { maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.85) },
    redisUrl: connections.redisUrl,
    processors: { notify: alerting.notifyProcessor },
    workerOptions: { notify: alerting.notifyWorkerOptions },
    backgroundTasks: [alerting.reconcilerTask],
    async close() {
      await queues.close().catch((err) => log.warn({ err }, 'closing queues failed'));
      redis.disconnect();
      await auth.drain();
      await pool.end();
    },
  };
}
