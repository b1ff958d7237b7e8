import type { Queryable } from '../../lib/db.js';
import type { Period } from '../../lib/period.js';
import type { AlertStore, NotificationStore } from '../alerting/index.js';
import type { EvidenceAlert } from './evidence.schemas.js';
import type { EvidenceStore } from './evidence.store.js';

export interface EvidenceAlertsDeps {
  db: Queryable;
  store: Pick<EvidenceStore, 'episodes' | 'alerts' | 'transitions'>;
  alerts: Pick<AlertStore, 'acks'>;
  notifications: Pick<NotificationStore, 'forAlert'>;
}

/** An alert's rows of one kind, by episode. */
function byEpisode<T extends { alertId: string; episode: number }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.alertId}/${row.episode}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Every alert of the model open at some time in the period, with the episodes that were, whole:
 * their transitions, acknowledgements and deliveries, also those after the period (an incident
 * that fired in it counts in the KPIs with its later acknowledgement and resolution). At most
 * `maxEpisodes` episodes, the latest; `omitted` counts the others, so a flapping alert cannot
 * make the record unbounded.
 */
export async function alertsInPeriod(
  deps: EvidenceAlertsDeps,
  modelId: string,
  period: Period,
  maxEpisodes: number,
): Promise<{ alerts: EvidenceAlert[]; omitted: number }> {
  const { kept: episodes, total } = await deps.store.episodes(deps.db, modelId, period, maxEpisodes);
  if (episodes.length === 0) return { alerts: [], omitted: 0 };
  const ids = [...new Set(episodes.map((e) => e.alertId))];
  const [heads, transitions, acks] = await Promise.all([
    deps.store.alerts(deps.db, ids),
    deps.store.transitions(deps.db, episodes),
    deps.alerts.acks(deps.db, ids),
  ]);
  const transitionsOf = byEpisode(transitions);
  const acksOf = byEpisode(acks);
  const alerts = await Promise.all(
    heads.map(async (head) => {
      const numbers = episodes.filter((e) => e.alertId === head.id).map((e) => e.episode);
      const deliveries = (await deps.notifications.forAlert(deps.db, head.id, null, numbers)).reverse();
      return {
        ...head,
        episodes: numbers.map((episode) => ({
          episode,
          transitions: (transitionsOf.get(`${head.id}/${episode}`) ?? []).map(({ alertId: _a, ...t }) => t),
          acknowledgements: (acksOf.get(`${head.id}/${episode}`) ?? [])
            .slice()
            .reverse()
            .map(({ alertId: _a, ...k }) => k),
          deliveries: deliveries.filter((d) => d.episode === episode),
        })),
      };
    }),
  );
  return { alerts, omitted: total - episodes.length };
}
