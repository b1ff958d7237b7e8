import type { Queryable } from '../../../lib/db.js';
import type { AlertNotification } from '../channels/types.js';
import type { AlertStatus, ChannelType, LastNotified } from './delivery-plan.js';

export type NotificationState = 'queued' | 'delivered' | 'failed' | 'suppressed' | 'cancelled';

export interface NotificationWrite {
  id: string;
  alertId: string;
  channelId: string;
  channelType: ChannelType;
  episode: number;
  status: AlertStatus;
  payload: AlertNotification;
  state: 'queued' | 'suppressed';
  silenceId: string | null;
}

/** A queued notification with what its delivery needs; the channel is null once deleted. */
export interface Deliverable {
  id: string;
  state: NotificationState;
  /** An earlier notification about the same alert to the same channel is still queued. */
  behindEarlier: boolean;
  /** A later notification about the same alert to the same channel was decided (not suppressed). */
  superseded: boolean;
  payload: AlertNotification;
  channel: {
    id: string;
    type: ChannelType;
    name: string;
    ratePerSecond: number;
    burst: number;
    /** Opened by the notify job just before sending (channels.sealing.ts). */
    sealedTarget: string | null;
  } | null;
}

export interface AttemptWrite {
  notificationId: string;
  attempt: number;
  durationMs: number;
  statusCode: number | null;
  outcome: string;
  errorClass: string | null;
}

const lastKey = (alertId: string, channelId: string) => `${alertId}\u0000${channelId}`;

export function createNotificationStore() {
  return {
    /** What each channel was last told about each alert (suppressed notifications told nothing). */
    async lastNotified(db: Queryable, alertIds: readonly string[]) {
      const { rows } = await db.query<{
        alert_id: string;
        channel_id: string;
        episode: number;
        alert_status: AlertStatus;
      }>(
        `SELECT DISTINCT ON (alert_id, channel_id) alert_id, channel_id, episode, alert_status
           FROM notifications
          WHERE alert_id = ANY ($1::text[]) AND state <> 'suppressed'
          ORDER BY alert_id, channel_id, decided_at DESC, id`,
        [alertIds],
      );
      const map = new Map(
        rows.map((r) => [lastKey(r.alert_id, r.channel_id), { episode: r.episode, status: r.alert_status }]),
      );
      return (alertId: string, channelId: string): LastNotified | null =>
        map.get(lastKey(alertId, channelId)) ?? null;
    },

    /**
     * Inserts notifications; an id already there is left alone, except that a suppressed one
     * decided again without a silence is released (queued). True when this call queued it.
     */
    async insert(db: Queryable, n: NotificationWrite): Promise<boolean> {
      const { rows } = await db.query<{ state: NotificationState }>(
        `INSERT INTO notifications (id, alert_id, channel_id, channel_type, episode, alert_status, payload, state, silence_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE
            SET state = 'queued', silence_id = NULL, payload = EXCLUDED.payload, decided_at = now(), updated_at = now()
          WHERE notifications.state = 'suppressed' AND EXCLUDED.state = 'queued'
         RETURNING state`,
        [
          n.id,
          n.alertId,
          n.channelId,
          n.channelType,
          n.episode,
          n.status,
          JSON.stringify(n.payload),
          n.state,
          n.silenceId,
        ],
      );
      return rows[0]?.state === 'queued';
    },

    async deliverable(db: Queryable, id: string): Promise<Deliverable | null> {
      const { rows } = await db.query<{
        id: string;
        state: NotificationState;
        payload: AlertNotification;
        channel_id: string | null;
        type: ChannelType | null;
        name: string | null;
        rate_per_second: number | null;
        burst: number | null;
        sealed_target: string | null;
        behind_earlier: boolean;
        superseded: boolean;
      }>(
        `SELECT n.id, n.state, n.payload, c.id AS channel_id, c.type, c.name, c.rate_per_second, c.burst, c.sealed_target,
                EXISTS (SELECT 1 FROM notifications e
                         WHERE e.alert_id = n.alert_id AND e.channel_id = n.channel_id AND e.state = 'queued'
                           AND (e.decided_at, e.id) < (n.decided_at, n.id)) AS behind_earlier,
                EXISTS (SELECT 1 FROM notifications l
                         WHERE l.alert_id = n.alert_id AND l.channel_id = n.channel_id AND l.state <> 'suppressed'
                           AND (l.decided_at, l.id) > (n.decided_at, n.id)) AS superseded
           FROM notifications n LEFT JOIN alert_channels c ON c.id = n.channel_id
          WHERE n.id = $1`,
        [id],
      );
      const r = rows[0];
      if (!r) return null;
      const channel =
        r.channel_id === null
          ? null
          : {
              id: r.channel_id,
              type: r.type!,
              name: r.name!,
              ratePerSecond: r.rate_per_second!,
              burst: r.burst!,
              sealedTarget: r.sealed_target,
            };
      return {
        id: r.id,
        state: r.state,
        behindEarlier: r.behind_earlier,
        superseded: r.superseded,
        payload: r.payload,
        channel,
      };
    },

    async recordAttempt(db: Queryable, a: AttemptWrite): Promise<void> {
      await db.query(
        `WITH logged AS (
           INSERT INTO notification_attempts (notification_id, attempt, duration_ms, status_code, outcome, error_class)
           VALUES ($1, $2, $3, $4, $5, $6))
         UPDATE notifications SET attempts = GREATEST(attempts, $2), last_error = $7, updated_at = now() WHERE id = $1`,
        [
          a.notificationId,
          a.attempt,
          Math.round(a.durationMs),
          a.statusCode,
          a.outcome,
          a.errorClass,
          a.outcome === 'delivered' ? null : (a.errorClass ?? a.outcome),
        ],
      );
    },

    /** Ends a queued notification; a finished one keeps its state (replays change nothing). */
    async finish(db: Queryable, id: string, state: 'delivered' | 'failed' | 'cancelled'): Promise<void> {
      await db.query(
        `UPDATE notifications SET state = $2, updated_at = now() WHERE id = $1 AND state = 'queued'`,
        [id, state],
      );
    },

    /** Queued notifications untouched since `before`: the reconciler enqueues them again. */
    async staleQueued(db: Queryable, before: Date, limit: number): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM notifications WHERE state = 'queued' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
        [before, limit],
      );
      return rows.map((r) => r.id);
    },

    /**
     * An alert's notifications, newest first, each with its attempts in order; `limit` null for
     * all of them, `episodes` to keep only those episodes' (the evidence export).
     */
    async forAlert(
      db: Queryable,
      alertId: string,
      limit: number | null,
      episodes: readonly number[] | null = null,
    ) {
      const { rows } = await db.query<{
        id: string;
        channel_id: string;
        channel_type: ChannelType;
        episode: number;
        alert_status: AlertStatus;
        state: NotificationState;
        silence_id: string | null;
        attempts: number;
        created_at: Date;
        updated_at: Date;
        log: {
          attempt: number;
          at: string;
          durationMs: number;
          statusCode: number | null;
          outcome: string;
          errorClass: string | null;
        }[];
      }>(
        `SELECT n.id, n.channel_id, n.channel_type, n.episode, n.alert_status, n.state, n.silence_id, n.attempts,
                n.created_at, n.updated_at,
                COALESCE((SELECT json_agg(json_build_object(
                           'attempt', a.attempt, 'at', a.at, 'durationMs', a.duration_ms,
                           'statusCode', a.status_code, 'outcome', a.outcome, 'errorClass', a.error_class)
                           ORDER BY a.id)
                           FROM notification_attempts a WHERE a.notification_id = n.id), '[]'::json) AS log
           FROM notifications n
          WHERE n.alert_id = $1 AND ($3::int[] IS NULL OR n.episode = ANY ($3::int[]))
          ORDER BY n.decided_at DESC, n.id
          LIMIT $2`,
        [alertId, limit, episodes],
      );
      return rows.map((r) => ({
        id: r.id,
        channelId: r.channel_id,
        channelType: r.channel_type,
        episode: r.episode,
        status: r.alert_status,
        state: r.state,
        silenceId: r.silence_id,
        attempts: r.log.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      }));
    },
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;
