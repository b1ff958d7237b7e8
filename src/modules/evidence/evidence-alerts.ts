import type { Queryable } from '../../lib/db.js';
import type { Period } from '../../lib/period.js';
import type { AlertStore } from '../alerting/alerts/alerts.store.js';
import type { NotificationStore } from '../alerting/delivery/notifications.store.js';
import type { EvidenceAlert } from './evidence.schemas.js';
import type { EvidenceStore } from './evidence.store.js';

export interface EvidenceAlertsDeps {
  db: Queryable;
  store: Pick<EvidenceStore, 'episodes' | 'alerts' | 'transitions'>;
  alerts: Pick<AlertStore, 'acks'>;
  notifications: Pick<NotificationStore, 'forAlert'>;
}

/**
 * Every alert of the model open at some time in the period, with the episodes that were, whole:
 * their transitions, acknowledgements and deliveries, also those after the period (an incident
 * that fired in it counts in the KPIs with its later acknowledgement and resolution).
 */
export async function alertsInPeriod(
  deps: EvidenceAlertsDeps,
  modelId: string,
  period: Period,
): Promise<EvidenceAlert[]> {
  const episodes = await deps.store.episodes(deps.db, modelId, period);
  if (episodes.length === 0) return [];
  const ids = [...new Set(episodes.map((e) => e.alertId))];
  const [heads, transitions, acks] = await Promise.all([
    deps.store.alerts(deps.db, ids),
    deps.store.transitions(deps.db, episodes),
    deps.alerts.acks(deps.db, ids),
  ]);
  return Promise.all(
    heads.map(async (head) => {
      const numbers = episodes.filter((e) => e.alertId === head.id).map((e) => e.episode);
      const deliveries = (await deps.notifications.forAlert(deps.db, head.id, null, numbers)).reverse();
      return {
        ...head,
        episodes: numbers.map((episode) => ({
          episode,
          transitions: transitions
            .filter((t) => t.alertId === head.id && t.episode === episode)
            .map(({ alertId: _a, ...t }) => t),
          acknowledgements: acks
            .filter((k) => k.alertId === head.id && k.episode === episode)
            .reverse()
            .map(({ alertId: _a, ...k }) => k),
          deliveries: deliveries.filter((d) => d.episode === episode),
        })),
      };
    }),
  );
}
