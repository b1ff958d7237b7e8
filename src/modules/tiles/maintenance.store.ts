import type { Queryable } from '../../lib/db.js';
import type { TakenContribution } from './quarantine.store.js';
import { toStored, type StoredTile, type TileRecord } from './tiles.store.js';
import type { Rollups } from './window-plan.js';

/** A tile to write: its place and its merged summary. */
export interface TileWrite {
  slice: string;
  resolution: number;
  bucketMs: number;
  key: string;
  n: number;
  bytes: Uint8Array | null;
}

// Two-key advisory locks live apart from the one-key locks of ingest and migrations.
const TILES_LOCK_SPACE = 0x7469; // 'ti'

const iso = (ms: number) => new Date(ms).toISOString();

/** Every fine tile size there can be (TILE_SECONDS divides the hour, at most 1800): rollup reads them all. */
const FINE_RESOLUTIONS = Array.from({ length: 1800 }, (_, i) => i + 1).filter((s) => 3600 % s === 0);

/**
 * The writing side of tiles after folding: compaction, rollup, pruning and retention. Every
 * function that changes a model's tiles runs in a transaction holding that model's lock.
 */
export const maintenanceStore = {
  /** Takes the model's tiles lock for the transaction; false when another worker holds it. */
  async tryLockModel(db: Queryable, modelId: string): Promise<boolean> {
    const { rows } = await db.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
      [TILES_LOCK_SPACE, modelId],
    );
    return rows[0]!.locked;
  },

  async modelsWithContributions(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ model_id: string }>(
      'SELECT model_id FROM tile_contributions GROUP BY model_id ORDER BY model_id',
    );
    return rows.map((r) => r.model_id);
  },

  /** Models with hours to roll up (hour start before `rollBeforeMs`) or to prune (ended by `pruneBeforeMs`). */
  async modelsWithHourWork(db: Queryable, rollBeforeMs: number, pruneBeforeMs: number): Promise<string[]> {
    const { rows } = await db.query<{ model_id: string }>(
      `SELECT model_id FROM tile_hours WHERE rolled_at IS NULL AND hour < $1
       UNION
       SELECT model_id FROM tile_hours
       WHERE rolled_at IS NOT NULL AND NOT minutes_pruned AND hour + interval '1 hour' <= $2`,
      [iso(rollBeforeMs), iso(pruneBeforeMs)],
    );
    return rows.map((r) => r.model_id);
  },

  /** Deletes up to `limit` of the model's contributions, oldest buckets first, and returns them. */
  async takeContributions(db: Queryable, modelId: string, limit: number): Promise<TakenContribution[]> {
    const { rows } = await db.query<TileRecord & { batch_id: string }>(
      `DELETE FROM tile_contributions c
       USING (SELECT batch_id, slice, bucket, key FROM tile_contributions WHERE model_id = $1
              ORDER BY bucket, batch_id LIMIT $2) pick
       WHERE c.batch_id = pick.batch_id AND c.slice = pick.slice AND c.bucket = pick.bucket AND c.key = pick.key
       RETURNING c.slice, 0 AS resolution, c.bucket, c.key, c.n, c.bytes, c.batch_id`,
      [modelId, limit],
    );
    return rows.map((r) => ({ ...toStored(r), batchId: Number(r.batch_id) }));
  },

  /** Records that these hours have fine tiles (unrolled unless already known). */
  async touchHours(db: Queryable, modelId: string, hours: readonly number[]): Promise<void> {
    await db.query(
      `INSERT INTO tile_hours (model_id, hour) SELECT $1, unnest($2::timestamptz[]) ON CONFLICT DO NOTHING`,
      [modelId, hours.map(iso)],
    );
  },

  /** Which of these hours are rolled up, and whether their fine tiles are pruned. */
  async rollupsOf(db: Queryable, modelId: string, hours: readonly number[]): Promise<Rollups> {
    const { rows } = await db.query<{ hour: Date; minutes_pruned: boolean }>(
      `SELECT hour, minutes_pruned FROM tile_hours
       WHERE model_id = $1 AND hour = ANY($2::timestamptz[]) AND rolled_at IS NOT NULL`,
      [modelId, hours.map(iso)],
    );
    return new Map(rows.map((r) => [r.hour.getTime(), { minutesPruned: r.minutes_pruned }]));
  },

  /** The stored tiles among `places` (slice, resolution, bucket, key). */
  async readTiles(db: Queryable, modelId: string, places: readonly TileWrite[]): Promise<StoredTile[]> {
    if (places.length === 0) return [];
    const { rows } = await db.query<TileRecord>(
      `SELECT t.slice, t.resolution, t.bucket, t.key, t.n, t.bytes
       FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::text[]) AS p(resolution, bucket, key, slice)
       JOIN tiles t ON t.model_id = $1 AND t.slice = p.slice AND t.resolution = p.resolution
         AND t.bucket = p.bucket AND t.key = p.key`,
      [
        modelId,
        places.map((p) => p.resolution),
        places.map((p) => iso(p.bucketMs)),
        places.map((p) => p.key),
        places.map((p) => p.slice),
      ],
    );
    return rows.map(toStored);
  },

  async upsertTiles(db: Queryable, modelId: string, tiles: readonly TileWrite[]): Promise<void> {
    if (tiles.length === 0) return;
    await db.query(
      `INSERT INTO tiles (model_id, resolution, bucket, key, n, bytes, slice)
       SELECT $1, * FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::bigint[], $6::bytea[], $7::text[])
       ON CONFLICT (model_id, slice, resolution, bucket, key)
       DO UPDATE SET n = EXCLUDED.n, bytes = EXCLUDED.bytes, updated_at = now()`,
      [
        modelId,
        tiles.map((t) => t.resolution),
        tiles.map((t) => iso(t.bucketMs)),
        tiles.map((t) => t.key),
        tiles.map((t) => t.n),
        tiles.map((t) => t.bytes),
        tiles.map((t) => t.slice),
      ],
    );
  },

  /** Hours with fine tiles not rolled up yet that start before `beforeMs`, oldest first. */
  async hoursToRollUp(db: Queryable, modelId: string, beforeMs: number, limit: number): Promise<number[]> {
    const { rows } = await db.query<{ hour: Date }>(
      `SELECT hour FROM tile_hours WHERE model_id = $1 AND rolled_at IS NULL AND hour < $2
       ORDER BY hour LIMIT $3`,
      [modelId, iso(beforeMs), limit],
    );
    return rows.map((r) => r.hour.getTime());
  },

  /**
   * The model's slices that have tiles: a skip scan of the tiles' key, one index descent per
   * slice, so that rollup and pruning can name them (the slice comes before the bucket in the key).
   */
  async slicesOf(db: Queryable, modelId: string): Promise<string[]> {
    const { rows } = await db.query<{ slice: string }>(
      `WITH RECURSIVE s(slice) AS (
         SELECT min(slice) FROM tiles WHERE model_id = $1
         UNION ALL
         SELECT (SELECT min(slice) FROM tiles WHERE model_id = $1 AND slice > s.slice) FROM s
         WHERE s.slice IS NOT NULL
       )
       SELECT slice FROM s WHERE slice IS NOT NULL`,
      [modelId],
    );
    return rows.map((r) => r.slice);
  },

  async fineTilesOf(
    db: Queryable,
    modelId: string,
    slices: readonly string[],
    hourMs: number,
  ): Promise<StoredTile[]> {
    const { rows } = await db.query<TileRecord>(
      `SELECT slice, resolution, bucket, key, n, bytes FROM tiles
       WHERE model_id = $1 AND slice = ANY($3::text[]) AND resolution = ANY($4::int[])
         AND bucket >= $2 AND bucket < $2::timestamptz + interval '1 hour'`,
      [modelId, iso(hourMs), slices, FINE_RESOLUTIONS],
    );
    return rows.map(toStored);
  },

  async markRolledUp(db: Queryable, modelId: string, hours: readonly number[]): Promise<void> {
    await db.query(
      'UPDATE tile_hours SET rolled_at = now() WHERE model_id = $1 AND hour = ANY($2::timestamptz[])',
      [modelId, hours.map(iso)],
    );
  },

  /** Deletes the fine tiles of rolled-up hours that end by `beforeMs`; returns how many rows went. */
  async pruneFineTiles(
    db: Queryable,
    modelId: string,
    slices: readonly string[],
    beforeMs: number,
  ): Promise<number> {
    const { rowCount } = await db.query(
      `WITH pruned AS (
         UPDATE tile_hours SET minutes_pruned = true
         WHERE model_id = $1 AND rolled_at IS NOT NULL AND NOT minutes_pruned
           AND hour + interval '1 hour' <= $2
         RETURNING hour
       )
       DELETE FROM tiles t USING pruned
       WHERE t.model_id = $1 AND t.slice = ANY($3::text[]) AND t.resolution = ANY($4::int[])
         AND t.bucket >= pruned.hour AND t.bucket < pruned.hour + interval '1 hour'`,
      [modelId, iso(beforeMs), slices, FINE_RESOLUTIONS],
    );
    return rowCount ?? 0;
  },

  /**
   * Deletes every tile, contribution, hour record, pair claim and quarantined tile older than
   * `beforeMs` (a quarantined reference summary stays with its reference).
   */
  async deleteOlderThan(db: Queryable, beforeMs: number): Promise<number> {
    const { rows } = await db.query<{ deleted: number }>(
      `WITH a AS (DELETE FROM tiles WHERE bucket < $1 RETURNING 1),
            b AS (DELETE FROM tile_contributions WHERE bucket < $1 RETURNING 1),
            c AS (DELETE FROM tile_hours WHERE hour < $1 RETURNING 1),
            d AS (DELETE FROM labelled_pairs WHERE ts < $1 RETURNING 1),
            e AS (DELETE FROM quarantined_summaries WHERE bucket < $1 RETURNING 1)
       SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b) + (SELECT count(*) FROM c)
            + (SELECT count(*) FROM d) + (SELECT count(*) FROM e) AS deleted`,
      [iso(beforeMs)],
    );
    return Number(rows[0]!.deleted);
  },
};

export type MaintenanceStore = typeof maintenanceStore;
