import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PredictionRow } from '../../src/modules/ingest/ingest.validator.js';
import { createIngestStore } from '../../src/modules/ingest/ingest.store.js';
import { insertPredictions } from '../../src/modules/ingest/predictions-copy.js';

/*
 * Ways to put the same rows into Postgres without HTTP: the service's store path, the one it
 * replaced, and a bare COPY (the database's limit), to see what HTTP and the dedup cost.
 */

const COLUMNS = '(model_id, prediction_id, ts, batch_id, features, prediction, score)';

/** COPY text format: backslash, tab and newline are escaped; JSON never holds raw tabs or newlines. */
function copyText(modelId: string, rows: PredictionRow[]): string {
  let out = '';
  for (const r of rows) {
    const features = r.features.replaceAll('\\', '\\\\');
    out += `${modelId}\t${r.predictionId}\t${new Date(r.tsMs).toISOString()}\t0\t${features}\t${r.prediction}\t${r.score ?? '\\N'}\n`;
  }
  return out;
}

export type Loader = (client: pg.PoolClient, modelId: string, rows: PredictionRow[]) => Promise<void>;

/** COPY straight into the partitioned table: no batch row, no prediction-id index, no dedup. */
export const copyStraight: Loader = async (client, modelId, rows) => {
  await pipeline(
    Readable.from([copyText(modelId, rows)]),
    client.query(copyFrom(`COPY predictions ${COLUMNS} FROM STDIN`)),
  );
};

/*
 * The store path before issue 13 (kept here so that the choice stays measured): the ids claimed
 * from unnest() arrays (ON CONFLICT DO NOTHING RETURNING the fresh ones), COPY of the fresh rows
 * into predictions, then the batch row: three round trips, and the ids and times sent twice.
 */
const CLAIM_PREDICTION_IDS = `
  WITH batch AS (SELECT nextval(pg_get_serial_sequence('ingest_batches', 'id')) AS id),
  fresh AS (
    INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id)
    SELECT $1, prediction_id, ts, (SELECT id FROM batch)
    FROM unnest($2::text[], $3::timestamptz[]) AS t(prediction_id, ts)
    ON CONFLICT (model_id, prediction_id) DO NOTHING
    RETURNING prediction_id
  )
  SELECT (SELECT id FROM batch) AS batch_id, (SELECT array_agg(prediction_id) FROM fresh) AS fresh`;

export const previousStorePath: Loader = async (client, modelId, rows) => {
  await client.query('BEGIN');
  const times = rows.map((r) => new Date(r.tsMs).toISOString());
  const claimed = await client.query<{ batch_id: number; fresh: string[] | null }>(CLAIM_PREDICTION_IDS, [
    modelId,
    rows.map((r) => r.predictionId),
    times,
  ]);
  const batchId = claimed.rows[0]!.batch_id;
  const fresh = new Set(claimed.rows[0]!.fresh ?? []);
  const stored = rows.filter((r) => fresh.has(r.predictionId));
  const lines = stored.map(
    (r) =>
      `${modelId}\t${r.predictionId}\t${new Date(r.tsMs).toISOString()}\t${batchId}\t\\N\t` +
      `${r.features.replaceAll('\\', '\\\\')}\t${r.prediction}\t${r.score ?? '\\N'}\t\\N\t\\N\n`,
  );
  await pipeline(
    Readable.from([lines.join('')]),
    client.query(
      copyFrom(
        'COPY predictions (model_id, prediction_id, ts, batch_id, model_version, features, prediction, score, scores, segments) FROM STDIN',
      ),
    ),
  );
  const ts = stored.map((r) => r.tsMs);
  await client.query(
    `INSERT INTO ingest_batches (id, model_id, kind, key_id, accepted, duplicates, rejected, min_ts, max_ts)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2, 'predictions', NULL, $3, $4, 0, $5, $6)`,
    [
      batchId,
      modelId,
      stored.length,
      rows.length - stored.length,
      new Date(Math.min(...ts)).toISOString(),
      new Date(Math.max(...ts)).toISOString(),
    ],
  );
  await client.query('COMMIT');
};

/*
 * The rows staged first (COPY into a temporary table typed like predictions), then the dedup, the
 * insert and the batch row in one statement: one round trip fewer than the store path, but the
 * rows reach predictions through INSERT … SELECT (per-row WAL records), which costs Postgres more
 * CPU than COPY. Kept measured because it looks cheaper.
 */
const STAGING = `
  CREATE TEMP TABLE IF NOT EXISTS mw_bench_staging (
    prediction_id text NOT NULL, ts timestamptz NOT NULL, features jsonb NOT NULL, prediction jsonb,
    score double precision
  ) ON COMMIT DELETE ROWS`;

const INSERT_FROM_STAGING = `
  WITH batch AS (SELECT nextval(pg_get_serial_sequence('ingest_batches', 'id')) AS id),
  fresh AS (
    INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id)
    SELECT $1, prediction_id, ts, (SELECT id FROM batch) FROM mw_bench_staging ORDER BY prediction_id COLLATE "C"
    ON CONFLICT (model_id, prediction_id) DO NOTHING
    RETURNING prediction_id
  ),
  stored AS (
    INSERT INTO predictions (model_id, batch_id, prediction_id, ts, features, prediction, score)
    SELECT $1, (SELECT id FROM batch), s.prediction_id, s.ts, s.features, s.prediction, s.score
    FROM mw_bench_staging s JOIN fresh USING (prediction_id)
    RETURNING ts
  )
  INSERT INTO ingest_batches (id, model_id, kind, accepted, duplicates, rejected, min_ts, max_ts)
  OVERRIDING SYSTEM VALUE
  SELECT (SELECT id FROM batch), $1, 'predictions', count(*), $2 - count(*), 0, min(ts), max(ts) FROM stored`;

export const stagingOneStatement: Loader = async (client, modelId, rows) => {
  await client.query('BEGIN');
  await client.query(STAGING);
  const lines = rows.map(
    (r) =>
      `${r.predictionId}\t${new Date(r.tsMs).toISOString()}\t${r.features.replaceAll('\\', '\\\\')}\t${r.prediction}\t${r.score ?? '\\N'}\n`,
  );
  await pipeline(
    Readable.from([lines.join('')]),
    client.query(
      copyFrom('COPY mw_bench_staging (prediction_id, ts, features, prediction, score) FROM STDIN'),
    ),
  );
  await client.query(INSERT_FROM_STAGING, [modelId, rows.length]);
  await client.query('COMMIT');
};

/** The service's store path on one connection, as the bench's other loaders. */
export const storePath: Loader = async (client, modelId, rows) => {
  await client.query('BEGIN');
  await insertPredictions(client, modelId, null, { rows, duplicatesBefore: 0, rejected: 0 });
  await client.query('COMMIT');
};

/** Runs `batches` through `load` on `concurrency` connections; returns rows per second. */
export async function loadRate(
  pool: pg.Pool,
  modelId: string,
  batches: PredictionRow[][],
  concurrency: number,
  load: Loader,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = await pool.connect();
      try {
        for (let i = next++; i < batches.length; i = next++) await load(client, modelId, batches[i]!);
      } finally {
        client.release();
      }
    }),
  );
  const rows = batches.reduce((n, b) => n + b.length, 0);
  return rows / ((performance.now() - started) / 1000);
}

/** The service's own store path (ids and batch row in one statement, COPY of the new rows), without HTTP. */
export async function storeRate(
  pool: pg.Pool,
  modelId: string,
  batches: PredictionRow[][],
  concurrency: number,
): Promise<number> {
  const store = createIngestStore(pool);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < batches.length; i = next++) {
        await store.commitPredictions(modelId, null, [
          { rows: batches[i]!, duplicatesBefore: 0, rejected: 0 },
        ]);
      }
    }),
  );
  const rows = batches.reduce((n, b) => n + b.length, 0);
  return rows / ((performance.now() - started) / 1000);
}
