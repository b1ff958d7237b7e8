import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PredictionRow } from '../../src/modules/ingest/ingest.validator.js';
import { createIngestStore } from '../../src/modules/ingest/ingest.store.js';

/*
 * Ways to put the same rows into Postgres without HTTP, to see what the HTTP path costs and which
 * insert path is the fastest safe one.
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

/**
 * The safe path done with COPY: into a temporary table, then the same dedup as the store
 * (prediction_ids ON CONFLICT DO NOTHING, then predictions), all in one transaction.
 */
export const copyThenDedup: Loader = async (client, modelId, rows) => {
  await client.query('BEGIN');
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS staging (LIKE predictions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
  );
  await pipeline(
    Readable.from([copyText(modelId, rows)]),
    client.query(copyFrom(`COPY staging ${COLUMNS} FROM STDIN`)),
  );
  await client.query(
    `WITH fresh AS (
       INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id)
       SELECT model_id, prediction_id, ts, batch_id FROM staging ORDER BY prediction_id
       ON CONFLICT DO NOTHING RETURNING prediction_id)
     INSERT INTO predictions SELECT s.* FROM staging s JOIN fresh USING (prediction_id)`,
  );
  await client.query('COMMIT');
};

/**
 * The same work as the store path in one statement with one unnest() array per column (what the
 * store did first): kept here so that the choice of ids + COPY stays measured.
 */
export const unnestDedup: Loader = async (client, modelId, rows) => {
  await client.query(
    `WITH batch AS (SELECT nextval(pg_get_serial_sequence('ingest_batches', 'id')) AS id),
     input AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::jsonb[], $6::jsonb[], $7::float8[],
                            $8::jsonb[], $9::jsonb[])
         AS t(prediction_id, ts, model_version, features, prediction, score, scores, segments)
     ), fresh AS (
       INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id)
       SELECT $1, prediction_id, ts, (SELECT id FROM batch) FROM input
       ON CONFLICT DO NOTHING RETURNING prediction_id
     ), stored AS (
       INSERT INTO predictions (model_id, prediction_id, ts, batch_id, model_version, features, prediction, score,
                                scores, segments)
       SELECT $1, i.prediction_id, i.ts, (SELECT id FROM batch), i.model_version, i.features, i.prediction, i.score,
              i.scores, i.segments
       FROM input i JOIN fresh USING (prediction_id)
       RETURNING ts
     )
     INSERT INTO ingest_batches (id, model_id, kind, accepted, duplicates, rejected, min_ts, max_ts)
     OVERRIDING SYSTEM VALUE
     SELECT (SELECT id FROM batch), $1, 'predictions', count(*), $10 - count(*), 0, min(ts), max(ts) FROM stored`,
    [
      modelId,
      rows.map((r) => r.predictionId),
      rows.map((r) => new Date(r.tsMs).toISOString()),
      rows.map((r) => r.modelVersion),
      rows.map((r) => r.features),
      rows.map((r) => r.prediction),
      rows.map((r) => r.score),
      rows.map((r) => r.scores),
      rows.map((r) => r.segments),
      rows.length,
    ],
  );
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

/** The service's own store path (prediction-id dedup, COPY of the new rows, batch row), without HTTP. */
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
