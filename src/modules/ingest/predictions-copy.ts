import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from '../../lib/db.js';
import type { PredictionRow } from './ingest.validator.js';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text field in COPY's text format; the validator has already refused NUL characters. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

/** JSON from JSON.stringify holds no raw tab or newline, so only backslashes need doubling. */
function json(value: string | null): string {
  if (value === null) return '\\N';
  return value.includes('\\') ? value.replaceAll('\\', '\\\\') : value;
}

/**
 * One ISO string per distinct time: events of a batch often share their millisecond (or arrive in
 * runs of it), and Date#toISOString was 1–2% of the API's CPU.
 */
function isoTimes(rows: PredictionRow[]): string[] {
  let lastMs = NaN;
  let last = '';
  return rows.map((r) => {
    if (r.tsMs !== lastMs) {
      lastMs = r.tsMs;
      last = new Date(lastMs).toISOString();
    }
    return last;
  });
}

/*
 * The prediction-id index decides which events are new (ON CONFLICT DO NOTHING, across every day
 * partition; rows arrive sorted by id, so concurrent batches take the id locks in one order), and
 * the batch row is written by the same statement with the counts, whose new ids then go into the
 * partitioned table with COPY, all in the caller's transaction. The fresh ids come back only when
 * some were not fresh (the common batch has no duplicates: nothing to send or parse).
 * $1 model, $2 ids, $3 times, $4 key id, $5 duplicates found before the database, $6 rejected.
 *
 * Measured (bench/ingest.bench.ts, backend CPU on one connection): COPY of the rows is cheaper for
 * Postgres than any INSERT … SELECT of them (per-row WAL records, no multi-insert), so the rows are
 * not staged and inserted with the dedup in one statement, though that saves a round trip: see
 * the module README.
 */
export const CLAIM_IDS_AND_BATCH = `
  WITH batch AS (SELECT nextval(pg_get_serial_sequence('ingest_batches', 'id')) AS id),
  fresh AS (
    INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id)
    SELECT $1, prediction_id, ts, (SELECT id FROM batch)
    FROM unnest($2::text[], $3::timestamptz[]) AS t(prediction_id, ts)
    ON CONFLICT (model_id, prediction_id) DO NOTHING
    RETURNING prediction_id, ts
  ),
  counted AS (SELECT count(*)::int AS n, min(ts) AS min_ts, max(ts) AS max_ts FROM fresh),
  row AS (
    INSERT INTO ingest_batches (id, model_id, kind, key_id, accepted, duplicates, rejected, min_ts, max_ts)
    OVERRIDING SYSTEM VALUE
    SELECT (SELECT id FROM batch), $1, 'predictions', $4, n, cardinality($2::text[]) - n + $5, $6, min_ts, max_ts
    FROM counted
    RETURNING id, accepted, duplicates
  )
  SELECT id, accepted, duplicates,
         CASE WHEN accepted < cardinality($2::text[])
              THEN (SELECT coalesce(array_agg(prediction_id), '{}') FROM fresh) END AS fresh
  FROM row`;

const COLUMNS =
  'model_id, prediction_id, ts, batch_id, model_version, features, prediction, score, scores, segments';

/** The rows (with their times as ISO strings) as COPY text for the predictions table. */
export function copyText(modelId: string, batchId: number, rows: PredictionRow[], times: string[]): string {
  const prefix = `${text(modelId)}\t`;
  let lines = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines +=
      `${prefix}${text(r.predictionId)}\t${times[i]}\t${batchId}\t${text(r.modelVersion)}\t${json(r.features)}\t` +
      `${json(r.prediction)}\t${r.score ?? '\\N'}\t${json(r.scores)}\t${json(r.segments)}\n`;
  }
  return lines;
}

export interface PredictionBatch {
  rows: PredictionRow[];
  duplicatesBefore: number;
  rejected: number;
}

export interface WrittenBatch {
  batchId: number;
  accepted: number;
  duplicates: number;
}

/**
 * Writes one batch of predictions inside the caller's transaction: ids and batch row in one
 * statement, then COPY of the new rows (COPY inserts in bulk: measured at about 60% of the
 * Postgres CPU per event of an INSERT … SELECT of the same rows).
 */
export async function insertPredictions(
  client: PoolClient,
  modelId: string,
  keyId: string | null,
  batch: PredictionBatch,
): Promise<WrittenBatch> {
  const times = isoTimes(batch.rows);
  const { rows } = await client.query<WrittenBatch & { id: number; fresh: string[] | null }>(
    CLAIM_IDS_AND_BATCH,
    [modelId, batch.rows.map((r) => r.predictionId), times, keyId, batch.duplicatesBefore, batch.rejected],
  );
  const { id: batchId, accepted, duplicates, fresh } = rows[0]!;
  let stored = batch.rows;
  let storedTimes = times;
  if (fresh) {
    const freshIds = new Set(fresh);
    const keep = batch.rows.map((r) => freshIds.has(r.predictionId));
    stored = batch.rows.filter((_, i) => keep[i]);
    storedTimes = times.filter((_, i) => keep[i]);
  }
  if (stored.length > 0) {
    await pipeline(
      Readable.from([copyText(modelId, batchId, stored, storedTimes)]),
      client.query(copyFrom(`COPY predictions (${COLUMNS}) FROM STDIN`)),
    );
  }
  return { batchId, accepted, duplicates };
}
