import type { Queryable } from '../../lib/db.js';
import { OTHER_SEGMENT_VALUE, type ModelSpec } from '../../domain/model-spec.js';
import { segmentValue, type SegmentRanks, type Sliced } from './slices.js';

// Two-key advisory locks of the segment values, apart from the tiles' (maintenance.store.ts).
const SEGMENTS_LOCK_SPACE = 0x7367; // 'sg'

/** The ranked values of `keys` (declared segment keys: never the versions' key, which grows with every version). */
async function readRanks(
  db: Queryable,
  modelId: string,
  keys: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const { rows } = await db.query<{ key: string; value: string; rank: number }>(
    `SELECT key, value, rank FROM segment_values WHERE model_id = $1 AND key = ANY ($2::text[])`,
    [modelId, keys],
  );
  const ranks = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let values = ranks.get(r.key);
    if (!values) ranks.set(r.key, (values = new Map()));
    values.set(r.value, r.rank);
  }
  return ranks;
}

/**
 * The segment values kept apart (README.md "Slices"): the first `maxValues` values of a key in
 * the order folds committed them, and within one fold in value order. A fold that meets values
 * not ranked yet while its key has room takes the (model, key) lock, reads the ranks again and
 * ranks what still fits; every fold after its commit sees the same ranks, so concurrent folds
 * cannot both take the last place, and a value keeps its slice once ranked. A key that is full
 * takes no lock. Called in the fold's transaction, after its pair claims and before the model
 * version rows (the fold's last writes), in key order: no lock cycle with other folds.
 */
export async function admitSegmentValues(
  db: Queryable,
  modelId: string,
  spec: ModelSpec,
  events: readonly Sliced[],
): Promise<SegmentRanks> {
  const declared = [...(spec.segments ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (declared.length === 0) return new Map();
  const ranks = await readRanks(
    db,
    modelId,
    declared.map((d) => d.key),
  );
  for (const { key, maxValues } of declared) {
    const known = ranks.get(key) ?? new Map<string, number>();
    if (known.size >= maxValues) continue;
    const fresh = new Set<string>();
    for (const event of events) {
      const value = segmentValue(event, key);
      if (value !== null && value !== OTHER_SEGMENT_VALUE && !known.has(value)) fresh.add(value);
    }
    if (fresh.size === 0) continue;
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      SEGMENTS_LOCK_SPACE,
      `${modelId}|${key}`,
    ]);
    const now = (await readRanks(db, modelId, [key])).get(key) ?? new Map<string, number>();
    const room = maxValues - now.size;
    const admitted = [...fresh]
      .filter((v) => !now.has(v))
      .sort()
      .slice(0, Math.max(0, room));
    if (admitted.length > 0) {
      const first = now.size + 1;
      admitted.forEach((value, i) => now.set(value, first + i));
      await db.query(
        `INSERT INTO segment_values (model_id, key, value, rank)
         SELECT $1, $2, value, $4 + ord - 1 FROM unnest($3::text[]) WITH ORDINALITY AS t(value, ord)`,
        [modelId, key, admitted, first],
      );
    }
    ranks.set(key, now);
  }
  return ranks;
}

/** The model's ranked segment values, for readers (which values have a slice of their own). */
export const segmentRanks = (db: Queryable, modelId: string, spec: ModelSpec): Promise<SegmentRanks> =>
  readRanks(
    db,
    modelId,
    (spec.segments ?? []).map((s) => s.key),
  );

/**
 * Model versions kept apart at once (README.md "Slices"): the `MAX_VERSION_SLICES` versions first
 * folded most recently. Without a bound, a client that sent a new `modelVersion` with every event
 * would write a copy of every summary per event. A version displaced by newer ones stops being
 * sliced; what it wrote before stays readable.
 */
export const MAX_VERSION_SLICES = 10;
/** Versions rank in segment_values under a key no declared segment can have (SEGMENT_KEY_PATTERN). */
export const VERSION_KEY = '$version';

/**
 * Ranks the batch's versions not ranked yet (under the (model, versions) lock, as segment values,
 * in value order) and returns those among the newest `MAX_VERSION_SLICES`. Reads only the
 * batch's versions and the newest rank, however many versions the model has had.
 */
export async function admitVersions(
  db: Queryable,
  modelId: string,
  versions: readonly string[],
): Promise<ReadonlySet<string>> {
  if (versions.length === 0) return new Set();
  const read = async () => {
    const { rows } = await db.query<{ value: string | null; rank: number }>(
      `SELECT value, rank FROM segment_values WHERE model_id = $1 AND key = $2 AND value = ANY ($3::text[])
       UNION ALL
       SELECT NULL, coalesce(max(rank), 0) FROM segment_values WHERE model_id = $1 AND key = $2`,
      [modelId, VERSION_KEY, versions],
    );
    const newest = rows.find((r) => r.value === null)!.rank;
    return { newest, ranks: new Map(rows.flatMap((r) => (r.value === null ? [] : [[r.value, r.rank]]))) };
  };
  let { newest, ranks } = await read();
  if (versions.some((v) => !ranks.has(v))) {
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      SEGMENTS_LOCK_SPACE,
      `${modelId}|${VERSION_KEY}`,
    ]);
    ({ newest, ranks } = await read());
    const fresh = versions.filter((v) => !ranks.has(v)).sort();
    if (fresh.length > 0) {
      await db.query(
        `INSERT INTO segment_values (model_id, key, value, rank)
         SELECT $1, $2, value, $4 + ord FROM unnest($3::text[]) WITH ORDINALITY AS t(value, ord)`,
        [modelId, VERSION_KEY, fresh, newest],
      );
      fresh.forEach((v, i) => ranks.set(v, newest + i + 1));
      newest += fresh.length;
    }
  }
  return new Set(versions.filter((v) => ranks.get(v)! > newest - MAX_VERSION_SLICES));
}

/**
 * The versions kept apart (among the newest `MAX_VERSION_SLICES`) whose predictions span part of
 * `[from, to)` by `model_versions`' first and last event times: the ones a window of that range
 * can have events of. In version order.
 */
export async function liveVersions(db: Queryable, modelId: string, from: Date, to: Date): Promise<string[]> {
  const { rows } = await db.query<{ version: string }>(
    `SELECT v.version FROM model_versions v
       JOIN segment_values s ON s.model_id = v.model_id AND s.key = $4 AND s.value = v.version
      WHERE v.model_id = $1 AND v.last_seen >= $2 AND v.first_seen < $3
        AND s.rank > (SELECT coalesce(max(rank), 0) FROM segment_values WHERE model_id = $1 AND key = $4) - $5
      ORDER BY v.version`,
    [modelId, from, to, VERSION_KEY, MAX_VERSION_SLICES],
  );
  return rows.map((r) => r.version);
}
