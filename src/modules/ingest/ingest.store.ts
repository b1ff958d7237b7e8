import type { Pool, PoolClient } from '../../lib/db.js';
import { hasSqlState, isDatabaseUnavailable } from '../../lib/pg-errors.js';
import type { OutcomeRow, PredictionRow } from './ingest.validator.js';
import type { ModelRecord } from './validator-cache.js';

export type EventKind = 'predictions' | 'outcomes';

export interface IngestModel extends ModelRecord {
  archived: boolean;
}

/** One batch row to write: its events, and the counts found before the database saw them. */
export interface BatchToCommit<R> {
  rows: R[];
  duplicatesBefore: number;
  rejected: number;
}

export interface CommittedBatch {
  batchId: number;
  accepted: number;
  duplicates: number;
}

export interface BatchRef {
  batchId: number;
  modelId: string;
  kind: EventKind;
}

const DAY_MS = 86_400_000;
const RETRIED_SQLSTATES = ['40P01', '40001']; // deadlock_detected, serialization_failure
const MAX_ATTEMPTS = 3;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

async function insertBatchRow(
  client: PoolClient,
  modelId: string,
  kind: EventKind,
  keyId: string | null,
  rejected: number,
): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO ingest_batches (model_id, kind, key_id, accepted, duplicates, rejected)
     VALUES ($1, $2, $3, 0, 0, $4) RETURNING id`,
    [modelId, kind, keyId, rejected],
  );
  return rows[0]!.id;
}

async function completeBatchRow(
  client: PoolClient,
  batchId: number,
  stored: { accepted: number; min_ts: Date | null; max_ts: Date | null },
  duplicates: number,
): Promise<void> {
  await client.query(
    `UPDATE ingest_batches SET accepted = $2, duplicates = $3, min_ts = $4, max_ts = $5 WHERE id = $1`,
    [batchId, stored.accepted, duplicates, stored.min_ts, stored.max_ts],
  );
}

type Stored = { accepted: number; min_ts: Date | null; max_ts: Date | null };

/**
 * The prediction-id index decides which events are new (ON CONFLICT DO NOTHING, across every day
 * partition); only those reach the partitioned table. One statement, one round trip.
 */
async function insertPredictions(
  client: PoolClient,
  modelId: string,
  batchId: number,
  rows: PredictionRow[],
): Promise<Stored> {
  const result = await client.query<Stored>(
    `WITH input AS (
       SELECT * FROM unnest($3::text[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::jsonb[],
                            $8::float8[], $9::jsonb[], $10::jsonb[])
         AS t(prediction_id, ts, model_version, features, prediction, score, scores, segments)
     ), fresh AS (
       INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id)
       SELECT $1, prediction_id, ts, $2 FROM input
       ON CONFLICT (model_id, prediction_id) DO NOTHING
       RETURNING prediction_id
     ), stored AS (
       INSERT INTO predictions (model_id, prediction_id, ts, batch_id, model_version, features, prediction,
                                score, scores, segments)
       SELECT $1, i.prediction_id, i.ts, $2, i.model_version, i.features, i.prediction, i.score, i.scores,
              i.segments
       FROM input i JOIN fresh USING (prediction_id)
       RETURNING ts
     )
     SELECT count(*)::int AS accepted, min(ts) AS min_ts, max(ts) AS max_ts FROM stored`,
    [
      modelId,
      batchId,
      rows.map((r) => r.predictionId),
      rows.map((r) => iso(r.tsMs)),
      rows.map((r) => r.modelVersion),
      rows.map((r) => r.features),
      rows.map((r) => r.prediction),
      rows.map((r) => r.score),
      rows.map((r) => r.scores),
      rows.map((r) => r.segments),
    ],
  );
  return result.rows[0]!;
}

/** The first outcome for a prediction wins; it is stored whether or not the prediction has arrived. */
async function insertOutcomes(
  client: PoolClient,
  modelId: string,
  batchId: number,
  rows: OutcomeRow[],
): Promise<Stored> {
  const result = await client.query<Stored>(
    `WITH stored AS (
       INSERT INTO outcomes (model_id, prediction_id, actual, ts, batch_id)
       SELECT $1, prediction_id, actual, ts, $2
       FROM unnest($3::text[], $4::jsonb[], $5::timestamptz[]) AS t(prediction_id, actual, ts)
       ON CONFLICT (model_id, prediction_id) DO NOTHING
       RETURNING ts
     )
     SELECT count(*)::int AS accepted, min(ts) AS min_ts, max(ts) AS max_ts FROM stored`,
    [
      modelId,
      batchId,
      rows.map((r) => r.predictionId),
      rows.map((r) => r.actual),
      rows.map((r) => (r.tsMs === null ? null : iso(r.tsMs))),
    ],
  );
  return result.rows[0]!;
}

async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A lost connection must not go back to the pool; a deadlock victim simply tries again.
      if (isDatabaseUnavailable(err)) broken = err as Error;
      else await client.query('ROLLBACK').catch(() => undefined);
      const retry = attempt < MAX_ATTEMPTS && RETRIED_SQLSTATES.some((code) => hasSqlState(err, code));
      if (!retry) throw err;
    } finally {
      client.release(broken);
    }
  }
}

export function createIngestStore(pool: Pool) {
  // Day partitions this process has seen exist; retention only drops days no event may be in.
  const knownDays = new Set<number>();

  async function commit<R>(
    modelId: string,
    kind: EventKind,
    keyId: string | null,
    batches: BatchToCommit<R>[],
    insert: (client: PoolClient, modelId: string, batchId: number, rows: R[]) => Promise<Stored>,
  ): Promise<CommittedBatch[]> {
    return inTransaction(pool, async (client) => {
      const committed: CommittedBatch[] = [];
      for (const batch of batches) {
        const batchId = await insertBatchRow(client, modelId, kind, keyId, batch.rejected);
        const stored: Stored =
          batch.rows.length > 0
            ? await insert(client, modelId, batchId, batch.rows)
            : { accepted: 0, min_ts: null, max_ts: null };
        const duplicates = batch.duplicatesBefore + batch.rows.length - stored.accepted;
        await completeBatchRow(client, batchId, stored, duplicates);
        committed.push({ batchId, accepted: stored.accepted, duplicates });
      }
      return committed;
    });
  }

  return {
    async findModel(modelId: string): Promise<IngestModel | null> {
      const { rows } = await pool.query<{ spec: unknown; schema_version: number; archived: boolean }>(
        `SELECT spec, schema_version, archived_at IS NOT NULL AS archived FROM models WHERE id = $1`,
        [modelId],
      );
      const row = rows[0];
      return row
        ? { id: modelId, spec: row.spec, schemaVersion: row.schema_version, archived: row.archived }
        : null;
    },

    /** Creates the day partitions (UTC) that `timestamps` fall in, outside any ingest transaction. */
    async ensurePartitions(timestamps: Iterable<number>): Promise<void> {
      const missing = new Set<number>();
      for (const ms of timestamps) {
        const day = Math.floor(ms / DAY_MS);
        if (!knownDays.has(day)) missing.add(day);
      }
      if (missing.size === 0) return;
      const days = [...missing];
      await pool.query('SELECT mw_ensure_prediction_partition(d) FROM unnest($1::date[]) AS d', [
        days.map((day) => iso(day * DAY_MS).slice(0, 10)),
      ]);
      for (const day of days) knownDays.add(day);
    },

    commitPredictions(modelId: string, keyId: string | null, batches: BatchToCommit<PredictionRow>[]) {
      return commit(modelId, 'predictions', keyId, batches, insertPredictions);
    },

    commitOutcomes(modelId: string, keyId: string | null, batches: BatchToCommit<OutcomeRow>[]) {
      return commit(modelId, 'outcomes', keyId, batches, insertOutcomes);
    },

    /** Batches not folded and received before `olderThanMs` ago, by id after `afterId`. */
    async listUnfoldedBatches(olderThanMs: number, afterId: number, limit: number): Promise<BatchRef[]> {
      const { rows } = await pool.query<{ id: number; model_id: string; kind: EventKind }>(
        `SELECT id, model_id, kind FROM ingest_batches
         WHERE folded_at IS NULL AND received_at < now() - make_interval(secs => $1) AND id > $2
         ORDER BY id LIMIT $3`,
        [olderThanMs / 1000, afterId, limit],
      );
      return rows.map((r) => ({ batchId: r.id, modelId: r.model_id, kind: r.kind }));
    },
  };
}

export type IngestStore = ReturnType<typeof createIngestStore>;
