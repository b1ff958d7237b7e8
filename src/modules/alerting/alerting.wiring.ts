import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../../config.js';
import type { Pool } from '../../lib/db.js';
import { NotFoundError } from '../../lib/errors.js';
import { createOutboundPolicy } from '../../lib/outbound/index.js';
import type { SecretBox } from '../../lib/secret-box/index.js';
import { createTokenBucket } from '../../lib/token-bucket.js';
import type { Queues } from '../../jobs/enqueue.js';
import type { ModelService } from '../models/index.js';
import { registerAlertingMetrics } from './alerting.metrics.js';
import { createAlertingService } from './engine/alerting.service.js';
import { createAuditStore } from '../audit/index.js';
import { createAlertService } from './alerts/alerts.service.js';
import { createAlertStore } from './alerts/alerts.store.js';
import { createChannelSecretsService } from './channels/channel-secrets.service.js';
import { sendNotification } from './channels/send.js';
import { createTargetSealer } from './channels/channels.sealing.js';
import { createOnsetEstimator, type EvaluationSeries } from './alerts/drift-onset.js';
import type { EvaluationResults } from './alerts/alert-values.js';
import { createChannelService, type SendNotification } from './channels/channels.service.js';
import { createChannelStore } from './channels/channels.store.js';
import { createNotificationStore } from './delivery/notifications.store.js';
import { createNotifyProcessor, notifyBackoffStrategy, notifyJobOptions } from './delivery/notify.job.js';
import { createNotifyReconciler } from './delivery/reconciler.js';
import type { RetryPolicy } from './delivery/retry-plan.js';
import { createRuleService } from './rules/rules.service.js';
import { createRuleStore } from './rules/rules.store.js';
import { createSilenceService } from './silences/silences.service.js';
import { createSilenceStore } from './silences/silences.store.js';

export interface AlertingWiringDeps {
  config: Config;
  /** This process exports the model gauges (EXPORT_MODEL_METRICS): modelwatch_alerts is one. */
  exportsModelMetrics: boolean;
  pool: Pool;
  redis: Redis;
  queues: Queues;
  models: Pick<ModelService, 'get'>;
  registry: Registry;
  /** Seals channel targets at rest (SECRETS_KEY). */
  secretBox: SecretBox;
  /** The stored evaluations' series of one number, for drift onsets. */
  evaluationSeries: EvaluationSeries;
  /** Stored evaluations of a window, for an alert's value over time. */
  evaluationResults: EvaluationResults;
  log: Logger;
}

/**
 * The alerting module's part of the composition root, called by container.ts only (kept here so
 * that container.ts stays a page long): stores, services, the notify processor and its worker
 * settings, and the reconciler (container.ts runs it as a periodic task).
 */
export function createAlerting({
  config,
  exportsModelMetrics,
  pool,
  redis,
  queues,
  models,
  registry,
  secretBox,
  evaluationSeries,
  evaluationResults,
  log,
}: AlertingWiringDeps) {
  const stores = {
    rules: createRuleStore(),
    alerts: createAlertStore(),
    notifications: createNotificationStore(),
    silences: createSilenceStore(),
    channels: createChannelStore(),
    audit: createAuditStore(),
  };
  const sealer = createTargetSealer(secretBox);
  const retry: RetryPolicy = {
    firstDelayMs: config.NOTIFY_RETRY_FIRST_DELAY_MS,
    maxDelayMs: config.NOTIFY_RETRY_MAX_DELAY_MS,
    horizonMs: config.NOTIFY_RETRY_HORIZON_MS,
  };
  const policy = createOutboundPolicy({ allowedHosts: config.ALLOWED_WEBHOOK_HOSTS });
  const cadence = {
    intervalSeconds: config.EVALUATION_INTERVAL_SECONDS,
    windowIntervals: config.EVALUATION_WINDOW_INTERVALS,
  };
  const send: SendNotification = (target, n, ctx) =>
    sendNotification(target, n, { policy, ctx, timeoutMs: config.NOTIFY_TIMEOUT_MS });
  const metrics = registerAlertingMetrics(registry, {
    ...(exportsModelMetrics ? { counts: () => stores.alerts.counts(pool) } : {}),
  });
  const enqueueNotification = (notificationId: string) =>
    queues.enqueue('notify', { notificationId }, { jobId: notificationId, ...notifyJobOptions(retry) });
  const modelTags = async (modelId: string) => {
    try {
      return (await models.get(modelId, { includeArchived: false })).spec.tags;
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };

  const engine = createAlertingService({
    pool,
    stores,
    modelTags,
    enqueueNotification,
    onSuppressed: (channelType) => metrics.countNotification(channelType, 'suppressed'),
    externalUrl: config.PUBLIC_URL,
    resolvedResendMs: config.ALERTMANAGER_RESOLVED_RESEND_MS,
    cadence,
    onset: createOnsetEstimator({
      series: evaluationSeries,
      window: [...config.EVALUATION_WINDOWS].sort((a, b) => a.seconds - b.seconds)[0]!,
    }),
    log,
  });
  const rules = createRuleService({
    pool,
    store: stores.rules,
    channels: stores.channels,
    engine,
    windows: config.EVALUATION_WINDOWS.map((w) => w.name),
    audit: stores.audit,
  });
  const reconciler = createNotifyReconciler({
    pool,
    store: stores.notifications,
    enqueue: enqueueNotification,
    staleMs: config.NOTIFY_RECONCILE_AFTER_MS,
    log,
  });

  return {
    engine,
    rules,
    alerts: createAlertService({
      pool,
      store: stores.alerts,
      rules: stores.rules,
      evaluationResults,
      intervalSeconds: config.EVALUATION_INTERVAL_SECONDS,
      notifications: stores.notifications,
      silences: stores.silences,
      audit: stores.audit,
    }),
    silences: createSilenceService({ pool, store: stores.silences, audit: stores.audit }),
    channels: createChannelService({
      pool,
      store: stores.channels,
      sealer,
      policy,
      send,
      externalUrl: config.PUBLIC_URL,
      assertUnused: rules.assertChannelUnused,
      audit: stores.audit,
    }),
    /** Seals plain-text targets at start-up, and re-seals with the newest key (`modelwatch secrets rotate`). */
    secrets: createChannelSecretsService({ pool, store: stores.channels, sealer }),
    reconciler,
    notifyProcessor: createNotifyProcessor({
      pool,
      store: stores.notifications,
      send,
      sealer,
      limiter: createTokenBucket(redis, `${config.QUEUE_PREFIX}:notify`),
      externalUrl: config.PUBLIC_URL,
      cadence,
      orderWaitMs: Math.min(config.NOTIFY_RETRY_FIRST_DELAY_MS, 1_000),
      count: metrics.countNotification,
      log,
    }),
    notifyWorkerOptions: {
      concurrency: config.NOTIFY_CONCURRENCY,
      settings: { backoffStrategy: notifyBackoffStrategy(retry) },
    },
  };
}

export type Alerting = ReturnType<typeof createAlerting>;
