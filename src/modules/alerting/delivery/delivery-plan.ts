import { notificationId } from '../alerts/identity.js';
import type { AlertState } from '../alerts/lifecycle.js';

export type ChannelType = 'webhook' | 'slack' | 'pagerduty' | 'alertmanager';
export type AlertStatus = 'firing' | 'resolved';

/** The latest notification to a channel about an alert that was not suppressed. */
export interface LastNotified {
  episode: number;
  status: AlertStatus;
}

export interface PlanInput {
  alert: { id: string; state: AlertState; episode: number; resolvedAt: Date | null };
  channel: { id: string; type: ChannelType };
  windowEnd: Date;
  last: LastNotified | null;
  silenced: boolean;
  /** Alertmanager: how long a resolved alert is re-sent after it resolved. */
  resolvedResendMs: number;
}

export interface PlannedNotification {
  id: string;
  status: AlertStatus;
  suppressed: boolean;
}

/**
 * Decides, after each evaluation, what one channel should be told about one alert. It compares
 * what the channel should know with what it was last told, rather than reacting to transitions
 * only, so that a notification held back by a silence goes out at the first evaluation after the
 * silence ends (same id: receivers still see it once), and a resolution is sent only to channels
 * that heard the alert fire. Pure.
 *
 * - webhook, Slack, PagerDuty: one notification per state of an episode (firing, then resolved).
 * - Alertmanager: re-sent at every evaluation while firing, renewing its lease (endsAt), and after
 *   it resolves for `resolvedResendMs`, as Prometheus does; each evaluation's is a new id.
 */
export function planNotification(input: PlanInput): PlannedNotification | null {
  const { alert, channel, last, silenced } = input;
  const status = statusOf(alert.state);
  if (status === null) return null;
  const toldThisEpisode = last !== null && last.episode === alert.episode;

  if (channel.type === 'alertmanager') {
    if (status === 'resolved') {
      if (!toldThisEpisode || alert.resolvedAt === null) return null;
      if (input.windowEnd.getTime() - alert.resolvedAt.getTime() > input.resolvedResendMs) return null;
    }
    const windowEnd = input.windowEnd.toISOString();
    const id = notificationId({ ...ids(input), status, windowEnd });
    return { id, status, suppressed: silenced };
  }

  if (toldThisEpisode && last.status === status) return null;
  if (status === 'resolved' && !(toldThisEpisode && last.status === 'firing')) return null;
  return { id: notificationId({ ...ids(input), status }), status, suppressed: silenced };
}

const ids = ({ alert, channel }: PlanInput) => ({
  alertId: alert.id,
  channelId: channel.id,
  episode: alert.episode,
});

function statusOf(state: AlertState): AlertStatus | null {
  if (state === 'firing') return 'firing';
  if (state === 'resolved') return 'resolved';
  return null;
}
