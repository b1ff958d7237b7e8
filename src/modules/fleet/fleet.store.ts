import type { Queryable } from '../../lib/db.js';
import type { LifecycleStatus } from '../models/index.js';

export interface FleetModelRow {
  id: string;
  name: string;
  task: string;
  owner: string | null;
  lifecycle: LifecycleStatus;
  /** The spec without its features: the inventory fields (inventory-completeness.ts). */
  inventory: Record<string, unknown>;
}

/** What "functioning properly" reads beside the status (functioning.ts). */
export interface FleetSignalsRow {
  id: string;
  criticalFiring: number;
  silenced: boolean;
  validationNextDue: string | null;
}

export const fleetStore = {
  /** Models not archived, by id; only `visibleIds` when a key is limited to some models. */
  async models(db: Queryable, visibleIds: readonly string[] | null): Promise<FleetModelRow[]> {
    const { rows } = await db.query<FleetModelRow>(
      `SELECT id, name, task, owner, lifecycle_status AS lifecycle, spec - 'features' AS inventory FROM models
        WHERE archived_at IS NULL AND ($1::text[] IS NULL OR id = ANY ($1::text[]))
        ORDER BY id`,
      [visibleIds],
    );
    return rows;
  },

  /** Per model: critical alerts firing, an active silence pinning it, its next validation date. */
  async signals(db: Queryable, modelIds: readonly string[], at: Date): Promise<FleetSignalsRow[]> {
    const { rows } = await db.query<{
      id: string;
      critical: number;
      silenced: boolean;
      next_due: string | null;
    }>(
      `SELECT m.id,
              (SELECT count(*)::int FROM alerts a
                WHERE a.model_id = m.id AND a.state = 'firing' AND a.severity = 'critical') AS critical,
              EXISTS (SELECT 1 FROM silences s
                       WHERE m.id = ANY (s.models) AND s.starts_at <= $2 AND s.ends_at > $2) AS silenced,
              m.spec->'validation'->>'nextDue' AS next_due
         FROM models m WHERE m.id = ANY ($1::text[])`,
      [modelIds, at],
    );
    return rows.map((r) => ({
      id: r.id,
      criticalFiring: r.critical,
      silenced: r.silenced,
      validationNextDue: r.next_due,
    }));
  },

  /** Models that received a batch with accepted outcomes since `since` (one index probe per model). */
  async withOutcomesSince(db: Queryable, modelIds: readonly string[], since: Date): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT m.id FROM unnest($1::text[]) AS m(id)
        WHERE EXISTS (SELECT 1 FROM ingest_batches b
                       WHERE b.model_id = m.id AND b.received_at >= $2 AND b.kind = 'outcomes' AND b.accepted > 0)`,
      [modelIds, since],
    );
    return new Set(rows.map((r) => r.id));
  },

  /**
   * Per model, the versions seen since `since` (model_versions' last event time), in version
   * order: the ones live, as GET /v1/models/{id}/versions marks them. At most `limit` per model,
   * the most recently seen: a client that sends a new version with every event must not swell
   * every reader's fleet. Models without are absent.
   */
  async liveVersions(
    db: Queryable,
    modelIds: readonly string[],
    since: Date,
    limit: number,
  ): Promise<Map<string, string[]>> {
    const { rows } = await db.query<{ model_id: string; versions: string[] }>(
      `SELECT model_id, array_agg(version ORDER BY version) AS versions FROM (
         SELECT model_id, version,
                row_number() OVER (PARTITION BY model_id ORDER BY last_seen DESC, version) AS n
           FROM model_versions WHERE model_id = ANY ($1::text[]) AND last_seen >= $2) v
        WHERE n <= $3 GROUP BY model_id`,
      [modelIds, since, limit],
    );
    return new Map(rows.map((r) => [r.model_id, r.versions]));
  },
};

export type FleetStore = typeof fleetStore;
