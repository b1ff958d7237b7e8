import type { Queryable } from '../../lib/db.js';

export interface FleetModelRow {
  id: string;
  name: string;
  task: string;
  owner: string | null;
}

export const fleetStore = {
  /** Models not archived, by id; only `visibleIds` when a key is limited to some models. */
  async models(db: Queryable, visibleIds: readonly string[] | null): Promise<FleetModelRow[]> {
    const { rows } = await db.query<FleetModelRow>(
      `SELECT id, name, task, owner FROM models
        WHERE archived_at IS NULL AND ($1::text[] IS NULL OR id = ANY ($1::text[]))
        ORDER BY id`,
      [visibleIds],
    );
    return rows;
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
};

export type FleetStore = typeof fleetStore;
