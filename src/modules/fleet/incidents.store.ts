import type { Queryable } from '../../lib/db.js';

/** One firing episode as stored: its transitions' times and its first acknowledgement. */
export interface IncidentRow {
  modelId: string;
  alertId: string;
  episode: number;
  firedAt: Date;
  /** The onset estimated when it fired; null where none was. */
  onsetAt: Date | null;
  /** The episode's first transition to pending (its first breaching evaluation); null when it fired at once. */
  firstBreachAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

interface Row {
  model_id: string;
  alert_id: string;
  episode: number;
  fired_at: Date;
  onset_at: Date | null;
  first_breach_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}

export function createIncidentsStore() {
  return {
    /** Episodes that fired in [from, to), newest first; `modelIds` null for every model. */
    async fired(
      db: Queryable,
      q: { from: Date; to: Date; modelIds: readonly string[] | null },
    ): Promise<IncidentRow[]> {
      const { rows } = await db.query<Row>(
        `SELECT a.model_id, f.alert_id, f.episode, f.at AS fired_at, f.drift_started_at AS onset_at,
                (SELECT min(p.at) FROM alert_transitions p
                  WHERE p.alert_id = f.alert_id AND p.episode = f.episode AND p.to_state = 'pending') AS first_breach_at,
                (SELECT min(k.at) FROM alert_acks k
                  WHERE k.alert_id = f.alert_id AND k.episode = f.episode) AS acknowledged_at,
                (SELECT min(r.at) FROM alert_transitions r
                  WHERE r.alert_id = f.alert_id AND r.episode = f.episode AND r.to_state = 'resolved') AS resolved_at
           FROM alert_transitions f JOIN alerts a ON a.id = f.alert_id
          WHERE f.to_state = 'firing' AND f.at >= $1 AND f.at < $2
            AND ($3::text[] IS NULL OR a.model_id = ANY ($3::text[]))
          ORDER BY f.at DESC, f.alert_id`,
        [q.from, q.to, q.modelIds],
      );
      return rows.map((r) => ({
        modelId: r.model_id,
        alertId: r.alert_id,
        episode: r.episode,
        firedAt: r.fired_at,
        onsetAt: r.onset_at,
        firstBreachAt: r.first_breach_at,
        acknowledgedAt: r.acknowledged_at,
        resolvedAt: r.resolved_at,
      }));
    },
  };
}

export type IncidentsStore = ReturnType<typeof createIncidentsStore>;
