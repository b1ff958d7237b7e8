import { readModelSpec } from '../models/index.js';
import type { Queryable } from '../../lib/db.js';
import { HOUR_MS, type Rollups, type WindowPlan } from './window-plan.js';

/** A stored summary: a tile (resolution in seconds) or a contribution not yet compacted (resolution 0). */
export interface StoredTile {
  /** The slice (slices.ts): '' for the overall traffic. */
  slice: string;
  resolution: number;
  bucketMs: number;
  key: string;
  n: number;
  bytes: Uint8Array | null;
}

interface TileRecord {
  slice: string;
  resolution: number;
  bucket: Date;
  key: string;
  n: number;
  bytes: Buffer | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A tile row's version: the transaction that wrote it and when. Compaction, rollup and late data
 * rewrite a tile (a new row version, with `updated_at = now()`), quarantine and pruning delete
 * it; either way a reader holding the old version sees a different one, or none.
 */
const tileVersion = (t: string) =>
  `${t}.xmin::text || ':' || (extract(epoch FROM ${t}.updated_at) * 1000000)::bigint`;

/**
 * A stored row read for a window, with its version: a tile's (tileVersion) or a contribution's
 * batch ('b' + id; contributions are never rewritten, only deleted). `withheld`: the caller named
 * this version as known, so `bytes` was not sent.
 */
export interface WindowRow extends StoredTile {
  version: string;
  withheld: boolean;
}

/** The identity and version of a window row, as readPlan's `known` names it. */
export function rowFingerprint(
  row: Pick<StoredTile, 'resolution' | 'bucketMs' | 'key'> & { version: string },
): string {
  return `${row.resolution}|${row.bucketMs}|${row.key}|${row.version}`;
}

const toStored = (r: TileRecord): StoredTile => ({
  slice: r.slice,
  resolution: r.resolution,
  bucketMs: r.bucket.getTime(),
  key: r.key,
  n: r.n,
  bytes: r.bytes,
});

/** The reading side of tiles. Window reads run in one REPEATABLE READ snapshot (tiles.service.ts). */
export const tilesStore = {
  async readRollups(db: Queryable, modelId: string, fromMs: number, toMs: number): Promise<Rollups> {
    const { rows } = await db.query<{ hour: Date; minutes_pruned: boolean }>(
      `SELECT hour, minutes_pruned FROM tile_hours
       WHERE model_id = $1 AND hour >= $2 AND hour < $3 AND rolled_at IS NOT NULL`,
      [modelId, iso(Math.floor(fromMs / HOUR_MS) * HOUR_MS), iso(toMs)],
    );
    return new Map(rows.map((r) => [r.hour.getTime(), { minutesPruned: r.minutes_pruned }]));
  },

  /**
   * Every row the plan names, in one statement: hour tiles, fine tiles, and the contributions
   * compaction has not merged yet. `keys` limits the keys read; `withBytes: false` reads counts only.
   * Fine tiles are read at `fineSeconds` only (an equality keeps the bucket range in the index scan):
   * after a change of TILE_SECONDS, fine tiles of the old size are left out until their hour is
   * rolled up, which rolls up every fine size. Only the rows of `slice` are read ('' the overall
   * traffic): the slice follows the model in the tiles' key, so this is a range scan of its rows.
   *
   * Each row carries its version (rowVersion), and `known` names row versions the caller holds
   * already (window-cache.ts): those rows come without their bytes, marked `withheld`, so a
   * window whose closed minutes are cached transfers only what changed, in the same round trip.
   */
  async readPlan(
    db: Queryable,
    modelId: string,
    plan: WindowPlan,
    fineSeconds: number,
    {
      keys = null,
      withBytes = true,
      slice = '',
      known = null,
    }: {
      keys?: readonly string[] | null;
      withBytes?: boolean;
      slice?: string;
      known?: readonly string[] | null;
    } = {},
  ): Promise<WindowRow[]> {
    if (plan.toMs <= plan.fromMs) return [];
    const { rows } = await db.query<TileRecord & { version: string; withheld: boolean }>(
      `WITH planned AS (
         SELECT slice, resolution, bucket, key, n, bytes, ${tileVersion('tiles')} AS version FROM tiles
         WHERE model_id = $1 AND slice = $10 AND resolution = 3600 AND bucket = ANY($2::timestamptz[])
           AND ($7::text[] IS NULL OR key = ANY($7))
         UNION ALL
         SELECT t.slice, t.resolution, t.bucket, t.key, t.n, t.bytes, ${tileVersion('t')}
         FROM unnest($3::timestamptz[], $4::timestamptz[]) AS r(s, e)
         JOIN tiles t ON t.model_id = $1 AND t.slice = $10 AND t.resolution = $9
           AND t.bucket >= r.s AND t.bucket < r.e
         WHERE ($7::text[] IS NULL OR t.key = ANY($7))
         UNION ALL
         SELECT slice, 0, bucket, key, n, bytes, 'b' || batch_id FROM tile_contributions
         WHERE model_id = $1 AND bucket >= $5 AND bucket < $6 AND slice = $10
           AND ($7::text[] IS NULL OR key = ANY($7))
       )
       SELECT p.slice, p.resolution, p.bucket, p.key, p.n, p.version, k.f IS NOT NULL AS withheld,
         CASE WHEN $8 AND k.f IS NULL THEN p.bytes END AS bytes
       FROM planned p
       LEFT JOIN unnest($11::text[]) AS k(f)
         ON k.f = p.resolution || '|' || (extract(epoch FROM p.bucket) * 1000)::bigint || '|' || p.key || '|' || p.version`,
      [
        modelId,
        plan.hours.map(iso),
        plan.fine.map(([s]) => iso(s)),
        plan.fine.map(([, e]) => iso(e)),
        iso(plan.fromMs),
        iso(plan.toMs),
        keys,
        withBytes,
        fineSeconds,
        slice,
        known,
      ],
    );
    return rows.map((r) => ({ ...toStored(r), version: r.version, withheld: r.withheld }));
  },

  /** Events rejected by validation in batches received in [fromMs, toMs) (they have no event time). */
  async countRejected(db: Queryable, modelId: string, fromMs: number, toMs: number): Promise<number> {
    const { rows } = await db.query<{ rejected: number }>(
      `SELECT coalesce(sum(rejected), 0)::bigint AS rejected FROM ingest_batches
       WHERE model_id = $1 AND received_at >= $2 AND received_at < $3`,
      [modelId, iso(fromMs), iso(toMs)],
    );
    return rows[0]!.rejected;
  },

  async loadSpec(db: Queryable, modelId: string): Promise<unknown> {
    return (await readModelSpec(db, modelId))?.spec ?? null;
  },
};

export type TilesStore = typeof tilesStore;
export { toStored, type TileRecord };
