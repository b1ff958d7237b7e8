import type { Logger } from 'pino';
import type { Pool } from '../../../lib/db.js';
import type { NotificationStore } from './notifications.store.js';

export interface NotifyReconcilerDeps {
  pool: Pool;
  store: Pick<NotificationStore, 'staleQueued'>;
  enqueue: (notificationId: string) => Promise<void>;
  log: Logger;
  /** Queued notifications untouched this long are enqueued again (a no-op while their job exists). */
  staleMs?: number;
  batch?: number;
  now?: () => Date;
}

/**
 * Postgres holds every notification; Redis only the work. Notifications still queued a while
 * after they were decided (Redis was away at enqueue, or lost its data) are enqueued again under
 * the same job id, so nothing decided is ever lost and nothing is sent under two ids.
 */
export function createNotifyReconciler(deps: NotifyReconcilerDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async runOnce(): Promise<number> {
      const before = new Date(now().getTime() - (deps.staleMs ?? 120_000));
      const ids = await deps.store.staleQueued(deps.pool, before, deps.batch ?? 1000);
      let enqueued = 0;
      for (const id of ids) {
        try {
          await deps.enqueue(id);
          enqueued += 1;
        } catch (err) {
          deps.log.warn({ notificationId: id, err }, 're-enqueueing a notification failed');
          break;
        }
      }
      return enqueued;
    },
  };
}
