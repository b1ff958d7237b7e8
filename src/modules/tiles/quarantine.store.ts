import type { Queryable } from '../../lib/db.js';
import type { StoredTile } from './tiles.store.js';

export type QuarantineSource = 'tile' | 'contribution' | 'reference';

/**
 * A summary set aside because it could not be decoded, as evaluations report it: the time range
 * its data covered (tile, contribution) or the reference it belonged to.
 */
export interface QuarantinedSummary {
  source: QuarantineSource;
  key: string;
  from: string | null;
  to: string | null;
  referenceId: number | null;
  reason: string;
}

/** A contribution compaction has already deleted (DELETE … RETURNING) and could not decode. */
export type TakenContribution = StoredTile & { batchId: number };

interface QuarantineRecord {
  source: QuarantineSource;
  key: string;
  bucket: Date | null;
  seconds: number | null;
  reference_id: string | null;
  reason: string;
}

const RETURNING = 'RETURNING source, key, bucket, seconds, reference_id, reason';
const iso = (ms: number) => new Date(ms).toISOString();

const toSummary = (r: QuarantineRecord): QuarantinedSummary => ({
  source: r.source,
  key: r.key,
  from: r.bucket?.toISOString() ?? null,
  to: r.bucket && r.seconds !== null ? iso(r.bucket.getTime() + r.seconds * 1000) : null,
  referenceId: r.reference_id === null ? null : Number(r.reference_id),
  reason: r.reason,
});

/**
 * The SQL of quarantine (migrations/0008_quarantine.sql). A move deletes the row only if it
 * still holds the bytes that failed, and inserts what it deleted, in one statement: a reader and
 * compaction finding the same bad row move it once, and a row rewritten meanwhile stays.
 */
export const quarantineStore = {
  async moveTile(db: Queryable, modelId: string, tile: StoredTile, reason: string) {
    const { rows } = await db.query<QuarantineRecord>(
      `WITH moved AS (
         DELETE FROM tiles WHERE model_id = $1 AND slice = $7 AND resolution = $2 AND bucket = $3
           AND key = $4 AND bytes IS NOT DISTINCT FROM $5
         RETURNING model_id, slice, key, bucket, resolution, n, bytes)
       INSERT INTO quarantined_summaries (model_id, slice, source, key, bucket, seconds, n, bytes, reason)
       SELECT model_id, slice, 'tile', key, bucket, resolution, n, bytes, $6 FROM moved ${RETURNING}`,
      [modelId, tile.resolution, iso(tile.bucketMs), tile.key, tile.bytes, reason, tile.slice],
    );
    return rows.map(toSummary);
  },

  /** Contributions of (bucket, key) holding these bytes; several batches may have written the same. */
  async moveContributions(db: Queryable, modelId: string, row: StoredTile, seconds: number, reason: string) {
    const { rows } = await db.query<QuarantineRecord>(
      `WITH moved AS (
         DELETE FROM tile_contributions WHERE model_id = $1 AND slice = $7 AND bucket = $2 AND key = $3
           AND bytes IS NOT DISTINCT FROM $4
         RETURNING batch_id, model_id, slice, key, bucket, n, bytes)
       INSERT INTO quarantined_summaries (model_id, slice, source, key, bucket, seconds, batch_id, n, bytes, reason)
       SELECT model_id, slice, 'contribution', key, bucket, $5, batch_id, n, bytes, $6 FROM moved ${RETURNING}`,
      [modelId, iso(row.bucketMs), row.key, row.bytes, seconds, reason, row.slice],
    );
    return rows.map(toSummary);
  },

  async insertTaken(
    db: Queryable,
    modelId: string,
    taken: readonly { row: TakenContribution; reason: string }[],
    seconds: number,
  ) {
    if (taken.length === 0) return [];
    const { rows } = await db.query<QuarantineRecord>(
      `INSERT INTO quarantined_summaries (model_id, source, key, bucket, seconds, batch_id, n, bytes, reason, slice)
       SELECT $1, 'contribution', key, bucket, $2, batch_id, n, bytes, reason, slice
       FROM unnest($3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], $7::bytea[], $8::text[], $9::text[])
         AS t(key, bucket, batch_id, n, bytes, reason, slice) ${RETURNING}`,
      [
        modelId,
        seconds,
        taken.map((t) => t.row.key),
        taken.map((t) => iso(t.row.bucketMs)),
        taken.map((t) => t.row.batchId),
        taken.map((t) => t.row.n),
        taken.map((t) => t.row.bytes),
        taken.map((t) => t.reason),
        taken.map((t) => t.row.slice),
      ],
    );
    return rows.map(toSummary);
  },

  async moveReferenceSummary(
    db: Queryable,
    modelId: string,
    referenceId: number,
    key: string,
    reason: string,
  ) {
    const { rows } = await db.query<QuarantineRecord>(
      `WITH moved AS (
         DELETE FROM reference_summaries WHERE reference_id = $2 AND key = $3 RETURNING reference_id, key, bytes)
       INSERT INTO quarantined_summaries (model_id, source, key, reference_id, bytes, reason)
       SELECT $1, 'reference', key, reference_id, bytes, $4 FROM moved ${RETURNING}`,
      [modelId, referenceId, key, reason],
    );
    return rows.map(toSummary);
  },

  /** The model's quarantined tiles and contributions of `slice` whose time range meets [fromMs, toMs). */
  async inRange(
    db: Queryable,
    modelId: string,
    fromMs: number,
    toMs: number,
    slice = '',
  ): Promise<QuarantinedSummary[]> {
    const { rows } = await db.query<QuarantineRecord>(
      `SELECT source, key, bucket, seconds, reference_id, reason FROM quarantined_summaries
       WHERE model_id = $1 AND slice = $4 AND bucket IS NOT NULL AND bucket < $3
         AND bucket > $2::timestamptz - interval '1 hour'
         AND bucket + seconds * interval '1 second' > $2
       ORDER BY bucket, key, id`,
      [modelId, iso(fromMs), iso(toMs), slice],
    );
    return rows.map(toSummary);
  },

  async ofReference(db: Queryable, referenceId: number): Promise<QuarantinedSummary[]> {
    const { rows } = await db.query<QuarantineRecord>(
      `SELECT source, key, bucket, seconds, reference_id, reason FROM quarantined_summaries
       WHERE reference_id = $1 ORDER BY key, id`,
      [referenceId],
    );
    return rows.map(toSummary);
  },
};

export type QuarantineStore = typeof quarantineStore;
