import type { Queryable } from '../../../lib/db.js';
import type { Severity } from '../alerting.schemas.js';
import type { Segment } from '../engine/evaluation-snapshot.js';
import type { AlertMemory, AlertState } from './lifecycle.js';

/** An alerts row: the alert's identity, labels and annotations, and the lifecycle's memory. */
export interface StoredAlert {
  id: string;
  ruleId: string;
  modelId: string;
  feature: string | null;
  /** The segment value of a segment rule's alert; null for the whole model. */
  segment: Segment | null;
  window: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  episode: number;
  breaches: number;
  oks: number;
  value: number | null;
  threshold: number;
  pendingSince: Date | null;
  firedAt: Date | null;
  resolvedAt: Date | null;
  /** Drift alerts: the estimated start of the change, set when the alert fires (drift-onset.ts). */
  driftStartedAt: Date | null;
  lastWindowEnd: Date;
  /** When the evaluation last applied was made: a later one of the same window end refines it. */
  lastEvaluatedAt: Date;
  /** The lifecycle's memory before the last window end was applied, which a refinement steps from. */
  baseMemory: AlertMemory;
}

interface AlertRow {
  id: string;
  rule_id: string;
  model_id: string;
  feature: string | null;
  segment_key: string | null;
  segment_value: string | null;
  window_name: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  episode: number;
  breaches: number;
  oks: number;
  value: number | null;
  threshold: number;
  pending_since: Date | null;
  fired_at: Date | null;
  resolved_at: Date | null;
  drift_started_at: Date | null;
  last_window_end: Date;
  last_evaluated_at: Date;
  base_memory: AlertMemory;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, rule_id, model_id, feature, segment_key, segment_value, window_name, severity, labels, annotations, state, episode,
  breaches, oks, value, threshold, pending_since, fired_at, resolved_at, drift_started_at, last_window_end,
  last_evaluated_at, base_memory, created_at, updated_at`;

export type AlertRecord = StoredAlert & { createdAt: Date; updatedAt: Date };

const toAlert = (r: AlertRow): AlertRecord => ({
  id: r.id,
  ruleId: r.rule_id,
  modelId: r.model_id,
  feature: r.feature,
  segment: r.segment_key === null ? null : { key: r.segment_key, value: r.segment_value ?? '' },
  window: r.window_name,
  severity: r.severity,
  labels: r.labels,
  annotations: r.annotations,
  state: r.state,
  episode: r.episode,
  breaches: r.breaches,
  oks: r.oks,
  value: r.value,
  threshold: r.threshold,
  pendingSince: r.pending_since,
  firedAt: r.fired_at,
  resolvedAt: r.resolved_at,
  driftStartedAt: r.drift_started_at,
  lastWindowEnd: r.last_window_end,
  lastEvaluatedAt: r.last_evaluated_at,
  baseMemory: r.base_memory,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface TransitionWrite {
  alertId: string;
  episode: number;
  from: AlertState;
  to: AlertState;
  value: number | null;
  at: Date;
  reason: 'evaluation' | 'rule_removed';
  /** On a transition to firing: the drift onset estimated then (drift-onset.ts). */
  driftStartedAt?: Date | null;
}

export interface AlertFilter {
  states: AlertState[] | null;
  modelId: string | null;
  severity: Severity | null;
  ruleId: string | null;
  /** The models a limited key may see; null for every model. */
  visibleModelIds: readonly string[] | null;
  afterId: string | null;
  limit: number;
}

export function createAlertStore() {
  return {
    /** The alerts with these ids, locked until the transaction ends. */
    async lock(db: Queryable, ids: readonly string[]): Promise<Map<string, AlertRecord>> {
      const { rows } = await db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts WHERE id = ANY ($1::text[]) ORDER BY id FOR UPDATE`,
        [ids],
      );
      return new Map(rows.map((r) => [r.id, toAlert(r)]));
    },

    async openForRule(db: Queryable, ruleId: string): Promise<AlertRecord[]> {
      const { rows } = await db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts WHERE rule_id = $1 AND state IN ('pending', 'firing') ORDER BY id FOR UPDATE`,
        [ruleId],
      );
      return rows.map(toAlert);
    },

    async upsert(db: Queryable, a: StoredAlert): Promise<void> {
      await db.query(
        `INSERT INTO alerts (id, rule_id, model_id, feature, window_name, severity, labels, annotations, state,
                             episode, breaches, oks, value, threshold, pending_since, fired_at, resolved_at,
                             last_window_end, last_evaluated_at, base_memory, drift_started_at,
                             segment_key, segment_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                 $22, $23)
         ON CONFLICT (id) DO UPDATE SET
           severity = EXCLUDED.severity, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
           state = EXCLUDED.state, episode = EXCLUDED.episode, breaches = EXCLUDED.breaches, oks = EXCLUDED.oks,
           value = EXCLUDED.value, threshold = EXCLUDED.threshold, pending_since = EXCLUDED.pending_since,
           fired_at = EXCLUDED.fired_at, resolved_at = EXCLUDED.resolved_at,
           last_window_end = EXCLUDED.last_window_end, last_evaluated_at = EXCLUDED.last_evaluated_at,
           base_memory = EXCLUDED.base_memory, drift_started_at = EXCLUDED.drift_started_at, updated_at = now()`,
        [
          a.id,
          a.ruleId,
          a.modelId,
          a.feature,
          a.window,
          a.severity,
          JSON.stringify(a.labels),
          JSON.stringify(a.annotations),
          a.state,
          a.episode,
          a.breaches,
          a.oks,
          a.value,
          a.threshold,
          a.pendingSince,
          a.firedAt,
          a.resolvedAt,
          a.lastWindowEnd,
          a.lastEvaluatedAt,
          JSON.stringify(a.baseMemory),
          a.driftStartedAt,
          a.segment?.key ?? null,
          a.segment?.value ?? null,
        ],
      );
    },

    async insertTransition(db: Queryable, t: TransitionWrite): Promise<void> {
      await db.query(
        `INSERT INTO alert_transitions (alert_id, episode, from_state, to_state, value, at, reason, drift_started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [t.alertId, t.episode, t.from, t.to, t.value, t.at, t.reason, t.driftStartedAt ?? null],
      );
    },

    async find(db: Queryable, id: string): Promise<AlertRecord | null> {
      const { rows } = await db.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE id = $1`, [id]);
      return rows[0] ? toAlert(rows[0]) : null;
    },

    /**
     * Newest alerts first; keyset on (created_at, id) through the id of the last row seen. A cursor
     * naming an alert the key may not see reads as an unknown one: alert ids are fingerprints anyone
     * can compute, so the page must not tell whether such an alert exists.
     */
    async list(db: Queryable, f: AlertFilter): Promise<AlertRecord[]> {
      const { rows } = await db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts
          WHERE ($1::text[] IS NULL OR state = ANY ($1::text[]))
            AND ($2::text IS NULL OR model_id = $2)
            AND ($3::text IS NULL OR severity = $3)
            AND ($4::text IS NULL OR rule_id = $4)
            AND ($5::text[] IS NULL OR model_id = ANY ($5::text[]))
            AND ($6::text IS NULL OR (created_at, id) <
                 (SELECT created_at, id FROM alerts c WHERE c.id = $6 AND ($5::text[] IS NULL OR c.model_id = ANY ($5::text[]))))
          ORDER BY created_at DESC, id DESC
          LIMIT $7`,
        [f.states, f.modelId, f.severity, f.ruleId, f.visibleModelIds, f.afterId, f.limit],
      );
      return rows.map(toAlert);
    },

    async transitions(db: Queryable, alertId: string, limit: number) {
      const { rows } = await db.query<{
        episode: number;
        from_state: AlertState;
        to_state: AlertState;
        value: number | null;
        at: Date;
        reason: string;
      }>(
        `SELECT episode, from_state, to_state, value, at, reason FROM alert_transitions
          WHERE alert_id = $1 ORDER BY id DESC LIMIT $2`,
        [alertId, limit],
      );
      return rows.map((r) => ({
        episode: r.episode,
        from: r.from_state,
        to: r.to_state,
        value: r.value,
        at: r.at.toISOString(),
        reason: r.reason,
      }));
    },

    async insertAck(db: Queryable, ack: { alertId: string; episode: number; by: string; comment: string }) {
      const { rows } = await db.query<{ at: Date }>(
        `INSERT INTO alert_acks (alert_id, episode, acked_by, comment) VALUES ($1, $2, $3, $4) RETURNING at`,
        [ack.alertId, ack.episode, ack.by, ack.comment],
      );
      return { episode: ack.episode, by: ack.by, comment: ack.comment, at: rows[0]!.at.toISOString() };
    },

    /** Acknowledgements, newest first, per alert id. */
    async acks(db: Queryable, alertIds: readonly string[]) {
      const { rows } = await db.query<{
        alert_id: string;
        episode: number;
        acked_by: string;
        comment: string;
        at: Date;
      }>(
        `SELECT alert_id, episode, acked_by, comment, at FROM alert_acks
          WHERE alert_id = ANY ($1::text[]) ORDER BY id DESC`,
        [alertIds],
      );
      return rows.map((r) => ({
        alertId: r.alert_id,
        episode: r.episode,
        by: r.acked_by,
        comment: r.comment,
        at: r.at.toISOString(),
      }));
    },

    /** Alerts by model, severity and state: the modelwatch_alerts gauge. */
    async counts(db: Queryable) {
      const { rows } = await db.query<{ model_id: string; severity: Severity; state: AlertState; n: number }>(
        `SELECT model_id, severity, state, count(*)::int AS n FROM alerts GROUP BY 1, 2, 3`,
      );
      return rows.map((r) => ({ model: r.model_id, severity: r.severity, state: r.state, count: r.n }));
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
