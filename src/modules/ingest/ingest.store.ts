import { withTransaction, type Pool, type PoolClient } from '../../lib/db.js';
import { readModelSpec } from '../models/index.js';
import type { OutcomeRow, PredictionRow } from './ingest.validator.js';
import { insertPredictions } from './predictions-copy.js';
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

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function outcomesJson(rows: OutcomeRow[]): string {
  const parts = rows.map(
    (r) =>
      `{"prediction_id":${JSON.stringify(r.predictionId)},"actual":${r.actual},"ts":${r.tsMs === null ? 'null' : `"${iso(r.tsMs)}"`},"value":${r.value === null ? 'null' : JSON.stringify(r.value)}}`,
  );
  return `[${parts.join(',')}]`;
}

/**
 * Outcomes, in one statement (so one batch needs no explicit transaction): the first outcome for a
 * prediction wins, and it is stored whether or not the prediction has arrived. The batch travels as
 * one JSON array read by json_to_recordset. $1 model, $2 JSON, $3 key id, $4 events offered,
 * $5 duplicates found before the database, $6 rejected.
 */
const INSERT_OUTCOMES = `
  WITH batch AS (SELECT nextval(pg_get_serial_sequence('ingest_batches', 'id')) AS id),
  stored AS (
    INSERT INTO outcomes (model_id, prediction_id, actual, ts, value, batch_id)
    SELECT $1, prediction_id, actual, ts, value, (SELECT id FROM batch)
    FROM json_to_recordset($2::json) AS t(prediction_id text, actual jsonb, ts timestamptz, value float8)
    ON CONFLICT (model_id, prediction_id) DO NOTHING
    RETURNING ts
  )
  INSERT INTO ingest_batches (id, model_id, kind, key_id, accepted, duplicates, rejected, min_ts, max_ts)
  OVERRIDING SYSTEM VALUE
  SELECT (SELECT id FROM batch), $1, 'outcomes', $3, count(*), $4 - count(*) + $5, $6, min(ts), max(ts)
  FROM stored
  RETURNING id, accepted, duplicates`;

async function insertOutcomeBatch(
  client: PoolClient,
  modelId: string,
  keyId: string | null,
  batch: BatchToCommit<OutcomeRow>,
): Promise<CommittedBatch> {
  const { rows } = await client.query<{ id: number; accepted: number; duplicates: number }>(INSERT_OUTCOMES, [
    modelId,
    outcomesJson(batch.rows),
    keyId,
    batch.rows.length,
    batch.duplicatesBefore,
    batch.rejected,
  ]);
  const row = rows[0]!;
  return { batchId: row.id, accepted: row.accepted, duplicates: row.duplicates };
}

export function createIngestStore(pool: Pool) {
  // Day partitions this process has seen exist; retention only drops days no event may be in.
  const knownDays = new Set<number>();

  type InsertBatch<R> = (
    client: PoolClient,
    modelId: string,
    keyId: string | null,
    batch: BatchToCommit<R>,
  ) => Promise<CommittedBatch>;

  /** Every batch of a request commits together, or none does. */
  function commit<R>(
    insert: InsertBatch<R>,
    transaction: boolean,
    modelId: string,
    keyId: string | null,
    batches: BatchToCommit<R>[],
  ): Promise<CommittedBatch[]> {
    // A deadlock victim simply tries again (ids are claimed in one order, but partitions and
    // the batch sequence can still cross); one statement needs no BEGIN … COMMIT.
    return withTransaction(
      pool,
      async (client) => {
        const committed: CommittedBatch[] = [];
        for (const batch of batches) committed.push(await insert(client, modelId, keyId, batch));
        return committed;
      },
      { attempts: 3, begin: transaction },
    );
  }

  return {
    findModel(modelId: string): Promise<IngestModel | null> {
      return readModelSpec(pool, modelId);
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
      return commit(insertPredictions, true, modelId, keyId, batches);
    },

    commitOutcomes(modelId: string, keyId: string | null, batches: BatchToCommit<OutcomeRow>[]) {
      // One outcome batch is one statement: atomic without BEGIN … COMMIT.
      return commit(insertOutcomeBatch, batches.length > 1, modelId, keyId, batches);
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
