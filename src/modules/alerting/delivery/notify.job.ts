import { evaluatedEverySeconds, type EvaluationCadence } from '../../../lib/windows.js';
import { DelayedError, UnrecoverableError, type BackoffStrategy, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Pool } from '../../../lib/db.js';
import type { DeliveryResult } from '../../../lib/outbound/delivery-result.js';
import type { TokenBucket } from '../../../lib/token-bucket.js';
import { queuePayloads } from '../../../jobs/queues.js';
import type { TargetSealer } from '../channels/channels.sealing.js';
import type { SendNotification } from '../channels/channels.service.js';
import type { NotificationStore } from './notifications.store.js';
import { attemptsFor, retryDelay, type RetryPolicy } from './retry-plan.js';

export type NotifyOutcome = 'delivered' | 'retried' | 'failed' | 'suppressed' | 'cancelled';

export interface NotifyDeps {
  pool: Pool;
  store: Pick<NotificationStore, 'deliverable' | 'recordAttempt' | 'finish'>;
  send: SendNotification;
  /** A target that does not open (its key is not configured) throws: the job retries, and waits for the key. */
  sealer: Pick<TargetSealer, 'open'>;
  limiter: TokenBucket;
  externalUrl: string;
  /**
   * How often each window is evaluated: an Alertmanager lease is four of its alert's window's
   * intervals (at least a minute each).
   */
  cadence: EvaluationCadence;
  /** How long a notification waits for an earlier one about the same alert to the same channel. */
  orderWaitMs: number;
  count: (channelType: string, outcome: NotifyOutcome) => void;
  log: Logger;
  now?: () => Date;
}

/** The backoff strategy's name in the notify queue's job options and its worker's settings. */
export const NOTIFY_BACKOFF = 'notify';

/** A failed attempt worth retrying; carries the receiver's Retry-After for the backoff strategy. */
export class RetryableDeliveryError extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(result: DeliveryResult) {
    super(`delivery failed: ${result.outcome}${result.status ? ` (${result.status})` : ''}`);
    this.name = 'RetryableDeliveryError';
    this.retryAfterMs = result.retryAfterSeconds === undefined ? undefined : result.retryAfterSeconds * 1000;
  }
}

/** Job options of a notify job: enough attempts, with the custom backoff, to span the retry horizon. */
export function notifyJobOptions(policy: RetryPolicy) {
  return { attempts: attemptsFor(policy), backoff: { type: NOTIFY_BACKOFF } };
}

/** The notify worker's backoff: exponential, capped, jittered upwards, never before Retry-After. */
export function notifyBackoffStrategy(policy: RetryPolicy): BackoffStrategy {
  return (attemptsMade, _type, err) =>
    retryDelay(attemptsMade, policy, {
      retryAfterMs: err instanceof RetryableDeliveryError ? err.retryAfterMs : undefined,
    });
}

/** Back to the delayed set for a while; moveToDelayed does not count an attempt. */
async function delay(job: Job, ms: number, token: string | undefined): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/**
 * Delivers one notification: loads it from Postgres (the payload is fixed when it is decided, so
 * every attempt sends the same thing under the same id), waits for the channel's rate limit
 * and for earlier notifications about the same alert, without spending an attempt, sends once through the outbound guard, and logs the attempt.
 * A replay of a finished notification does nothing.
 */
export function createNotifyProcessor(deps: NotifyDeps) {
  const { pool, store, log } = deps;
  const now = deps.now ?? (() => new Date());

  return async function notify(job: Job, token?: string): Promise<{ outcome: NotifyOutcome | 'skipped' }> {
    const parsed = queuePayloads.notify.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid notify payload: ${parsed.error.message}`);
    const { notificationId } = parsed.data;
    const n = await store.deliverable(pool, notificationId);
    if (!n || n.state !== 'queued') return { outcome: 'skipped' };
    if (!n.channel) {
      await store.finish(pool, n.id, 'cancelled');
      deps.count('unknown', 'cancelled');
      return { outcome: 'cancelled' };
    }
    const { channel } = n;
    // Alertmanager holds the latest state only: a re-send overtaken by a newer one is obsolete,
    // so a backlog after an outage is one request per alert, not one per missed evaluation.
    if (channel.type === 'alertmanager' && n.superseded) {
      await store.finish(pool, n.id, 'cancelled');
      deps.count(channel.type, 'cancelled');
      return { outcome: 'cancelled' };
    }
    // One alert's notifications reach a channel in the order they were decided: a resolution
    // must not overtake its firing, nor an old episode's resolution a new episode's trigger.
    if (n.behindEarlier) return delay(job, deps.orderWaitMs, token);

    const target = deps.sealer.open(channel.id, channel.sealedTarget);
    const wait = await deps.limiter.take(`channel:${channel.id}`, {
      perSecond: channel.ratePerSecond,
      burst: channel.burst,
    });
    if (wait > 0) return delay(job, wait, token);

    const attempt = job.attemptsMade + 1;
    const result = await deps.send(target, n.payload, {
      receiver: channel.name,
      externalURL: deps.externalUrl,
      now: now(),
      evaluationIntervalSeconds: evaluatedEverySeconds(deps.cadence, n.payload.labels.window),
    });
    await store.recordAttempt(pool, {
      notificationId: n.id,
      attempt,
      durationMs: result.durationMs,
      statusCode: result.status ?? null,
      outcome: result.outcome,
      errorClass: result.reason ?? null,
    });
    if (result.ok) {
      await store.finish(pool, n.id, 'delivered');
      deps.count(channel.type, 'delivered');
      return { outcome: 'delivered' };
    }

    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    if (!result.retryable || lastAttempt) {
      await store.finish(pool, n.id, 'failed');
      deps.count(channel.type, 'failed');
      log.warn(
        {
          notificationId: n.id,
          channelId: channel.id,
          outcome: result.outcome,
          status: result.status,
          attempt,
        },
        'notification failed for good',
      );
      if (!result.retryable) throw new UnrecoverableError(`delivery refused: ${result.outcome}`);
      throw new Error(`delivery failed after ${attempt} attempts: ${result.outcome}`);
    }
    deps.count(channel.type, 'retried');
    throw new RetryableDeliveryError(result);
  };
}
