import type { Queryable } from '../../lib/db.js';
import type { Period } from '../../lib/period.js';
import type { AlertState, Severity } from '../alerting/index.js';
import type { Headline, ModelStatus } from '../evaluation/index.js';

/** A reference version with what its fingerprint covers (the summaries are read apart). */
export interface ReferenceVersionRow {
  id: number;
  version: number;
  source: 'rows' | 'traffic';
  range_from: Date | null;
  range_to: Date | null;
  rows: number;
  labelled: number;
  profile: unknown;
  cbpe: unknown;
  performance: unknown;
  created_by: string;
  created_at: Date;
}

/** What the daily summary reads of one stored evaluation. */
export interface EvaluationRow {
  window: string;
  windowEnd: Date;
  status: ModelStatus;
  driftedFeatures: number | null;
  headline: Headline | null;
  labelled: number;
  drifted: string[];
}

export interface AlertHeadRow {
  id: string;
  ruleId: string;
  feature: string | null;
  window: string;
  severity: Severity;
  threshold: number;
  state: AlertState;
}

export interface TransitionRow {
  alertId: string;
  episode: number;
  from: AlertState;
  to: AlertState;
  value: number | null;
  at: string;
  reason: string;
}

export function createEvidenceStore() {
  return {
    /**
     * The model's own reference: the version in force when the period began and every version set
     * during it, oldest first. References of model versions are in the audit log (reference_set).
     */
    async referenceVersions(db: Queryable, modelId: string, p: Period): Promise<ReferenceVersionRow[]> {
      const { rows } = await db.query<ReferenceVersionRow>(
        `SELECT id, version, source, range_from, range_to, rows, labelled, profile, cbpe, performance,
                created_by, created_at
           FROM model_references
          WHERE model_id = $1 AND model_version IS NULL AND created_at < $3
            AND (created_at >= $2 OR version = (SELECT max(version) FROM model_references
                                                 WHERE model_id = $1 AND model_version IS NULL
                                                   AND created_at < $2))
          ORDER BY version`,
        [modelId, p.from, p.to],
      );
      return rows;
    },

    /** The stored evaluations whose window ended in the period, small parts only, by window and end. */
    async evaluations(db: Queryable, modelId: string, p: Period): Promise<EvaluationRow[]> {
      const { rows } = await db.query<EvaluationRow>(
        `SELECT window_name AS "window", window_end AS "windowEnd", status, drifted_features AS "driftedFeatures",
                result->'headline' AS headline,
                coalesce((result #>> '{evaluation,performance,realized,labelled}')::float8, 0) AS labelled,
                ARRAY(SELECT f->>'name'
                        FROM jsonb_array_elements(coalesce(result #> '{evaluation,features}', '[]')) f
                       WHERE f->'drifted' = 'true') AS drifted
           FROM evaluations
          WHERE model_id = $1 AND window_end >= $2 AND window_end < $3
          ORDER BY window_name, window_end`,
        [modelId, p.from, p.to],
      );
      return rows;
    },

    /**
     * The (alert, episode) pairs of the model open at some time in the period: those with a
     * transition in it, and those whose last transition before it left them pending or firing.
     * At most `limit`, those with the latest transitions, in (alert, episode) order; `total`
     * counts them all.
     */
    async episodes(
      db: Queryable,
      modelId: string,
      p: Period,
      limit: number,
    ): Promise<{ kept: { alertId: string; episode: number }[]; total: number }> {
      const { rows } = await db.query<{ alertId: string; episode: number; total: number }>(
        `WITH open AS (
           SELECT t.alert_id AS "alertId", t.episode
             FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id
            WHERE a.model_id = $1 AND t.at >= $2 AND t.at < $3
           UNION
           SELECT "alertId", episode FROM (
             SELECT DISTINCT ON (t.alert_id) t.alert_id AS "alertId", t.episode, t.to_state
               FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id
              WHERE a.model_id = $1 AND t.at < $2
              ORDER BY t.alert_id, t.at DESC, t.id DESC) last
            WHERE to_state IN ('pending', 'firing')
         ), newest AS (
           SELECT o."alertId", o.episode, count(*) OVER ()::int AS total
             FROM open o
             CROSS JOIN LATERAL (SELECT max(t.at) AS last_at FROM alert_transitions t
                                  WHERE t.alert_id = o."alertId" AND t.episode = o.episode) l
            ORDER BY l.last_at DESC, o."alertId", o.episode
            LIMIT $4
         )
         SELECT * FROM newest ORDER BY 1, 2`,
        [modelId, p.from, p.to, limit],
      );
      return {
        kept: rows.map(({ alertId, episode }) => ({ alertId, episode })),
        total: rows[0]?.total ?? 0,
      };
    },

    async alerts(db: Queryable, ids: readonly string[]): Promise<AlertHeadRow[]> {
      const { rows } = await db.query<AlertHeadRow>(
        `SELECT id, rule_id AS "ruleId", feature, window_name AS "window", severity, threshold, state
           FROM alerts WHERE id = ANY ($1::text[]) ORDER BY id`,
        [ids],
      );
      return rows;
    },

    /** Every transition of these episodes, oldest first. */
    async transitions(
      db: Queryable,
      episodes: readonly { alertId: string; episode: number }[],
    ): Promise<TransitionRow[]> {
      const { rows } = await db.query<Omit<TransitionRow, 'at'> & { at: Date }>(
        `SELECT t.alert_id AS "alertId", t.episode, t.from_state AS "from", t.to_state AS "to", t.value, t.at, t.reason
           FROM alert_transitions t
           JOIN unnest($1::text[], $2::int[]) AS e(alert_id, episode)
             ON e.alert_id = t.alert_id AND e.episode = t.episode
          ORDER BY t.id`,
        [episodes.map((e) => e.alertId), episodes.map((e) => e.episode)],
      );
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
