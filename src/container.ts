import { getHeapStatistics } from 'node:v8';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import {
  createPool,
  withTransaction,
  type TransactionOptions,
  type Pool,
  type PoolClient,
} from './lib/db.js';
import { createLogger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { createRedis, isRedisUnavailable } from './lib/redis.js';
import { createDependencyHealth, type DependencyHealth } from './lib/dependency-health.js';
import { createSecretBox, loadKeyring, type SecretBox } from './lib/secret-box/index.js';
import { createQueues, type Queues } from './jobs/enqueue.js';
import type { Authenticate, SessionAuth } from './http/plugins/auth.js';
import { createAuthFailureLimiter, type AuthFailureLimiter } from './http/plugins/auth-failures.js';
import type { Readiness } from './http/plugins/health.js';
import type { WorkerOptions } from 'bullmq';
import type { Processors } from './jobs/processors.js';
import { foldJobId, type QueueName } from './jobs/queues.js';
import { queueDepth } from './jobs/queue-depth.js';
import { periodicTasks, stageProcessors, type BackgroundTask, type PipelineParts } from './pipeline.js';
import {
  createAdmission,
  type Admission,
  createIngestService,
  type IngestService,
  createIngestStore,
  type BatchRef,
  createPartitionUpkeep,
  type PartitionUpkeep,
  bullmqFoldQueue,
  createReconciler,
  type Reconciler,
  createValidatorCache,
} from './modules/ingest/index.js';
import { createAuditStore, type AuditStore } from './modules/audit/index.js';
import {
  createKeyAuthenticator,
  createKeyService,
  type KeyService,
  createKeyStore,
} from './modules/keys/index.js';
import {
  createSessionService,
  type SessionService,
  createSessionStore,
  csrfMatches,
} from './modules/sessions/index.js';
import { createModelService, type ModelService, createModelStore } from './modules/models/index.js';
import { createAlerting, type Alerting } from './modules/alerting/index.js';
import {
  createEvaluationScheduler,
  type EvaluationScheduler,
  createEvaluationService,
  type EvaluationService,
  evaluationStore,
  tilesWindowSource,
  createSliceReads,
  SEVERITY,
  type SliceReads,
  sliceEvaluationStore,
  windowNamed,
} from './modules/evaluation/index.js';
import { createFeatureService, type FeatureService } from './modules/features/index.js';
import { createEvidence, type EvidenceService } from './modules/evidence/index.js';
import {
  createFleetService,
  type FleetService,
  fleetStore,
  registerModelMetrics,
  registerSegmentMetrics,
  registerValueMetrics,
  registerResponseMetrics,
} from './modules/fleet/index.js';
import { createValueService, type ValueService, valueStore } from './modules/value/index.js';
import {
  createReferenceLoader,
  createReferencesService,
  type ReferencesService,
  referencesStore,
  trafficStore,
} from './modules/references/index.js';
import {
  createFoldService,
  type FoldService,
  foldStore,
  maintenanceStore,
  createQuarantine,
  type Quarantine,
  quarantineStore,
  createTileMaintenance,
  type TileMaintenance,
  createTilesService,
  segmentSlice,
  type TilesService,
  tilesStore,
  createWindowCache,
} from './modules/tiles/index.js';

export type Role = 'api' | 'worker' | 'all';

/** Everything a process is built from. Nothing is constructed outside this file. */
export interface Container {
  config: Config;
  role: Role;
  log: Logger;
  pool: Pool;
  redis: Redis;
  queues: Queues;
  /** The audit log (src/modules/audit): written by each service, read whole by GET /v1/audit. */
  audit: AuditStore;
  metrics: Metrics;
  readiness: Readiness & { beginShutdown(): void };
  authenticate: Authenticate;
  /** Whether checking a token costs no guess (keys.auth.ts); with `authFailures`, the auth hook's limit. */
  isKnownKey: (token: string) => boolean;
  authFailures: AuthFailureLimiter;
  keys: KeyService;
  /** Console sessions and one-time login links (src/modules/sessions). */
  sessions: SessionService;
  /** How the auth hook opens a session cookie and checks its CSRF token. */
  sessionAuth: SessionAuth;
  models: ModelService;
  /** Seals secrets at rest with SECRETS_KEY; its keyring is read when first used. */
  secretBox: SecretBox;
  /** Rules, alerts, silences, channels; `alerting.engine.onEvaluation` is what evaluations call. */
  alerting: Alerting;
  limits: { maxHeapUsedBytes: number };
  redisUrl: string;
  /** Whether Postgres and Redis are reachable; logs each outage once (lib/dependency-health.ts). */
  dependencies: DependencyHealth;
  ingest: IngestService;
  /** This process's bound on ingest in flight (requests and body bytes). */
  ingestAdmission: Admission;
  references: ReferencesService;
  evaluations: EvaluationService;
  /** Segment values side by side, versions compared (evaluation/slices.service.ts). */
  sliceReads: SliceReads;
  /** One feature charted: its distribution against the reference, its drift over time. */
  features: FeatureService;
  fleet: FleetService;
  /** Value objectives, judged by the worker (docs/kpis.md#value). */
  value: ValueService;
  /** A model's evidence record for a review period (src/modules/evidence). */
  evidence: EvidenceService;
  /**
   * The fold processor calls this after committing a batch of a model's data: it schedules a
   * debounced evaluation of the shortest window, so drift shows within seconds.
   */
  onFolded(modelId: string): Promise<void>;
  /** Per-model job schedulers, ticks and the debounced evaluation after a fold. */
  evaluationScheduler: EvaluationScheduler;
  /** The worker's ingest chores, also callable directly (tests, a future CLI chore). */
  ingestTasks: { reconciler: Reconciler; partitions: PartitionUpkeep };
  /** Folding batches into tiles, reading windows from them, and their upkeep (also run by tests). */
  folds: FoldService;
  tiles: TilesService;
  tileTasks: TileMaintenance;
  /** Sets aside summaries that cannot be decoded (src/modules/tiles README "Quarantine"). */
  quarantine: Quarantine;
  /** Each queue's processor (see jobs/processors.ts); the worker refuses to start with one missing. */
  processors: Partial<Processors>;
  /** Worker settings a queue needs beyond the defaults (its concurrency, a custom backoff). */
  workerOptions: Partial<Record<QueueName, Pick<WorkerOptions, 'concurrency' | 'settings'>>>;
  /** Periodic chores a worker runs (reconciler, partition upkeep); start() returns the stop function. */
  backgroundTasks: BackgroundTask[];
  close(): Promise<void>;
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
  const redis = createRedis(connections.redisUrl, 'producer');
  const dependencies = createDependencyHealth({
    log,
    probes: { postgres: () => pool.query('SELECT 1'), redis: () => redis.ping() },
  });
  pool.on('error', (err) => {
    if (!dependencies.absorb(err)) log.warn({ err }, 'idle Postgres client failed');
  });
  const onRedisError = (err: Error) => {
    if (isRedisUnavailable(err)) dependencies.down('redis', err);
    else log.warn({ err }, 'Redis error');
  };
  redis.on('error', onRedisError);
  const queues = createQueues(redis, config.QUEUE_PREFIX, onRedisError);
  /** Logs a failure unless it is a dependency outage, which `dependencies` logs once. */
  const warnUnlessOutage = (fields: Record<string, unknown>, msg: string) => (err: unknown) => {
    if (!dependencies.absorb(err)) log.warn({ ...fields, err }, msg);
  };
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
  const sessions = createSessionService({
    pool,
    store: createSessionStore(),
    audit,
    authenticateKey: auth.authenticate,
    ttlHours: config.SESSION_TTL_HOURS,
    publicUrl: config.PUBLIC_URL,
  });
  const statusWindowName = config.STATUS_WINDOW ?? config.EVALUATION_WINDOWS[0]!.name;
  const liveSeconds = config.EVALUATION_WINDOWS.find((w) => w.name === statusWindowName)?.seconds;
  const models = createModelService({ pool, store: createModelStore(), audit, liveSeconds });
  // One kind of process exports the model gauges (alerts included), so that replicas of the other
  // do not double them.
  const exportsModelMetrics =
    config.EXPORT_MODEL_METRICS !== 'none' && (role === 'all' || role === config.EXPORT_MODEL_METRICS);
  // The key is read when first needed (the start-up sealing pass, in a running service), so that
  // building a container for the OpenAPI document or a test reads or creates no key file.
  const secretBox = createSecretBox(() =>
    loadKeyring({ secretsKey: config.SECRETS_KEY, keyFile: config.SECRETS_KEY_FILE, log }),
  );
  const alerting = createAlerting({
    config,
    exportsModelMetrics,
    pool,
    redis,
    queues,
    models,
    registry: metrics.registry,
    secretBox,
    evaluationSeries: (db, q) => evaluationStore.series(db, q),
    // A segment value's alert charts that value's stored evaluations.
    evaluationResults: (db, { segment, ...q }) =>
      segment === null
        ? evaluationStore.resultsBetween(db, q)
        : sliceEvaluationStore.resultsBetween(db, { ...q, slice: segmentSlice(segment.key, segment.value) }),
    log,
  });

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
    absorb: dependencies.absorb,
    limits: {
      maxBatchEvents: config.MAX_BATCH_EVENTS,
      bodyLimit: config.BODY_LIMIT,
      retentionDays: config.RETENTION_DAYS,
    },
  });
  const ingestAdmission = createAdmission(
    {
      maxRequests: config.INGEST_MAX_IN_FLIGHT,
      maxBytes: config.INGEST_MAX_IN_FLIGHT_BYTES,
      targetLatencyMs: config.INGEST_TARGET_LATENCY_MS,
    },
    {
      changed: ({ requests, bytes, limit }) => {
        metrics.ingestInFlightRequests.set(requests);
        metrics.ingestInFlightBytes.set(bytes);
        metrics.ingestInFlightLimit.set(limit);
      },
      refused: (bound) => metrics.ingestRefused.inc({ bound }),
    },
  );
  const reconciler = createReconciler({
    store: ingestStore,
    queue: bullmqFoldQueue(
      () => queues.get('fold'),
      () => redis.status === 'ready',
      enqueueFold,
    ),
    log,
    minAgeMs: config.RECONCILE_AFTER_SECONDS * 1000,
  });
  const upkeep = createPartitionUpkeep({ pool, retentionDays: config.RETENTION_DAYS });

  const transaction = <T>(fn: (client: PoolClient) => Promise<T>, options?: TransactionOptions) =>
    withTransaction(pool, fn, options);
  const tileSeconds = config.TILE_SECONDS;
  const folds = createFoldService({ transaction, store: foldStore, tileSeconds });
  const quarantine = createQuarantine({
    transaction,
    store: quarantineStore,
    tileSeconds,
    log,
    counted: (model, n) => metrics.quarantinedSummaries.inc({ model }, n),
  });
  const tiles = createTilesService({
    transaction,
    store: tilesStore,
    quarantine,
    tileSeconds,
    cache: createWindowCache(config.WINDOW_CACHE_MB * 1024 * 1024),
  });
  const tileTasks = createTileMaintenance({
    transaction,
    store: maintenanceStore,
    quarantine,
    tileSeconds,
    fineRetentionHours: config.TILE_FINE_RETENTION_HOURS,
    retentionDays: config.RETENTION_DAYS,
    log,
    failed: (model, task) => metrics.tileUpkeepFailures.inc({ model, task }),
  });

  const windows = config.EVALUATION_WINDOWS;
  const statusWindow = config.STATUS_WINDOW ?? windows[0]!.name;
  const scheduler = createEvaluationScheduler({
    queue: () => queues.get('evaluate'),
    enqueue: queues.enqueue,
    activeModels: () => evaluationStore.activeModelIds(pool),
    windows,
    tileSeconds: config.TILE_SECONDS,
    intervalSeconds: config.EVALUATION_INTERVAL_SECONDS,
    windowIntervals: config.EVALUATION_WINDOW_INTERVALS,
    debounceMs: config.EVALUATION_DEBOUNCE_MS,
    log,
  });
  const references = createReferencesService({
    pool,
    store: referencesStore,
    traffic: trafficStore,
    models,
    audit,
    maxRows: config.REFERENCE_MAX_ROWS,
    // The reference is committed either way; the worker's scheduler sync catches up if Redis is away.
    onReferenceSet: (modelId, referenceId) =>
      scheduler
        .watch(modelId, referenceId)
        .catch(warnUnlessOutage({ modelId }, 'evaluating the new reference now failed')),
  });
  // One loader, so evaluations and feature charts share its cache of decoded reference summaries.
  const referenceLoader = createReferenceLoader({ db: pool, store: referencesStore, quarantine });
  const evaluations = createEvaluationService({
    pool,
    store: evaluationStore,
    references: referenceLoader,
    models,
    source: tilesWindowSource(tiles),
    windows,
    statusWindow,
    performanceDrop: config.PERFORMANCE_DROP,
    alarmBudget: config.ALARM_BUDGET,
    intervalSeconds: config.EVALUATION_INTERVAL_SECONDS,
    sliceStore: sliceEvaluationStore,
    windowIntervals: config.EVALUATION_WINDOW_INTERVALS,
  });
  const sliceReads = createSliceReads({
    pool,
    sliceStore: sliceEvaluationStore,
    windowNamed: (name) => windowNamed(windows, name, statusWindow),
    models,
    evaluations,
    source: tilesWindowSource(tiles),
  });
  const value = createValueService({
    pool,
    store: valueStore,
    tiles,
    onFailed: (modelId, err) => log.warn({ err, modelId }, 'judging the value objective failed'),
  });
  const fleet = createFleetService({
    pool,
    store: fleetStore,
    evaluations: evaluationStore,
    objectives: value,
    segments: sliceEvaluationStore,
    statusWindow,
    windows: windows.map((w) => w.name),
  });
  if (exportsModelMetrics) {
    registerModelMetrics({
      registry: metrics.registry,
      latest: () =>
        evaluationStore.latestOfEach(
          pool,
          windows.map((w) => w.name),
          null,
        ),
      statusWindow,
      maxFeatureSeries: config.MAX_FEATURE_SERIES,
      refreshMs: config.MODEL_METRICS_REFRESH_SECONDS * 1000,
      log,
    });
    if (config.MAX_SEGMENT_SERIES > 0) {
      registerSegmentMetrics({
        registry: metrics.registry,
        latest: (limit) =>
          sliceEvaluationStore.latestSegments(pool, { windowName: statusWindow, severity: SEVERITY, limit }),
        limit: config.MAX_SEGMENT_SERIES,
        refreshMs: config.MODEL_METRICS_REFRESH_SECONDS * 1000,
        log,
      });
    }
    registerResponseMetrics({
      registry: metrics.registry,
      kpis: async () => (await fleet.response(null)).fleet,
      refreshMs: config.MODEL_METRICS_REFRESH_SECONDS * 1000,
      log,
    });
    registerValueMetrics({
      registry: metrics.registry,
      snapshot: async () => {
        const { kpis, entries } = await fleet.snapshot(null);
        return { kpis: kpis.value, models: entries };
      },
      refreshMs: config.MODEL_METRICS_REFRESH_SECONDS * 1000,
      log,
    });
  }
  const pipelineParts: PipelineParts = {
    config,
    log,
    pool,
    redis,
    metrics,
    dependencies,
    folds,
    tileTasks,
    scheduler,
    evaluations,
    alerting,
    reconciler,
    upkeep,
    sessions,
    value,
    refreshQueueDepth: queueDepth(metrics.registry, queues.get),
  };
  let processors: Processors | undefined;
  let backgroundTasks: BackgroundTask[] | undefined;

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
    isKnownKey: auth.isKnown,
    authFailures: createAuthFailureLimiter(config.AUTH_FAILURES_PER_MINUTE),
    keys,
    sessions,
    sessionAuth: { authenticate: (secret) => sessions.authenticate(secret), csrfMatches },
    models,
    audit,
    secretBox,
    alerting,
    // Shed load before V8's own limit (which follows --max-old-space-size) is near.
    limits: { maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.85) },
    redisUrl: connections.redisUrl,
    dependencies,
    ingest,
    ingestAdmission,
    ingestTasks: { reconciler, partitions: upkeep },
    folds,
    tiles,
    tileTasks,
    quarantine,
    references,
    evaluations,
    sliceReads,
    features: createFeatureService({
      pool,
      store: evaluationStore,
      references: referenceLoader,
      models,
      tiles,
      windows,
      statusWindow,
      tileSeconds,
    }),
    fleet,
    value,
    evidence: createEvidence({ pool, models, windows: windows.map((w) => w.name) }),
    onFolded: (modelId) => scheduler.onFolded(modelId),
    evaluationScheduler: scheduler,
    // Built when first read: a worker reads them at start, the API never does (src/pipeline.ts).
    get processors() {
      return (processors ??= stageProcessors(pipelineParts));
    },
    workerOptions: { notify: alerting.notifyWorkerOptions },
    get backgroundTasks() {
      return (backgroundTasks ??= periodicTasks(pipelineParts));
    },
    async close() {
      dependencies.stop();
      await queues.close().catch((err) => log.warn({ err }, 'closing queues failed'));
      redis.disconnect();
      await auth.drain();
      await pool.end();
    },
  };
}
