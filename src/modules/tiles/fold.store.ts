import type { Queryable } from '../../lib/db.js';
import { tilesStore } from './tiles.store.js';
import type { LabelledPair, StoredPrediction, TileRow } from './tile-folder.js';
import type { VersionSeen } from './versions-seen.js';
import type { Sliced } from './slices.js';

export type BatchKind = 'predictions' | 'outcomes';

/** What a labelled pair takes from its outcome: the label, and the business value if one was sent. */
export interface StoredOutcome {
  actual: unknown;
  value: number | null;
}

export interface LockedBatch {
  id: number;
  modelId: string;
  kind: BatchKind;
  receivedAt: Date;
  minTs: Date | null;
  maxTs: Date | null;
  folded: boolean;
}

/** A predictions row as its SQL returns it; the traffic store reads the same columns. */
export interface PredictionRecord {
  prediction_id: string;
  ts: Date;
  features: Record<string, unknown>;
  prediction: unknown;
  score: number | null;
  scores: Record<string, unknown> | null;
}

/** A prediction as the fold reads it: what its tiles take, and its slices' fields (version, segments). */
export interface FoldedPrediction extends StoredPrediction, Sliced {}

/** A labelled pair with its prediction's slices' fields. */
export type FoldedPair = LabelledPair & Sliced;

/** A tile row of one slice (slices.ts). */
export type SlicedRow = TileRow & { slice: string };

interface SliceRecord {
  model_version: string | null;
  segments: Record<string, unknown> | null;
}

function toPrediction(row: PredictionRecord & SliceRecord): FoldedPrediction {
  return {
    predictionId: row.prediction_id,
    tsMs: row.ts.getTime(),
    features: row.features,
    prediction: row.prediction,
    score: row.score,
    scores: row.scores,
    modelVersion: row.model_version,
    segments: row.segments,
  };
}

export const PREDICTION_COLUMNS = 'p.prediction_id, p.ts, p.features, p.prediction, p.score, p.scores';

/** The SQL of a fold. Every function runs on the client of the fold's one transaction. */
export const foldStore = {
  /**
   * Locks the batch row for the transaction: a second fold of the same batch (a BullMQ redelivery,
   * the reconciler) waits here, then finds it folded.
   */
  async lockBatch(db: Queryable, batchId: number): Promise<LockedBatch | null> {
    const { rows } = await db.query<{
      model_id: string;
      kind: BatchKind;
      received_at: Date;
      min_ts: Date | null;
      max_ts: Date | null;
      folded: boolean;
    }>(
      `SELECT model_id, kind, received_at, min_ts, max_ts, folded_at IS NOT NULL AS folded
       FROM ingest_batches WHERE id = $1 FOR UPDATE`,
      [batchId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: batchId,
      modelId: row.model_id,
      kind: row.kind,
      receivedAt: row.received_at,
      minTs: row.min_ts,
      maxTs: row.max_ts,
      folded: row.folded,
    };
  },

  loadSpec: tilesStore.loadSpec,

  /** The batch's predictions: by batch id, within its event-time range so only its days' partitions are read. */
  async readPredictions(db: Queryable, batch: LockedBatch): Promise<FoldedPrediction[]> {
    if (batch.minTs === null || batch.maxTs === null) return [];
    const { rows } = await db.query<PredictionRecord & SliceRecord>(
      `SELECT ${PREDICTION_COLUMNS}, p.model_version, p.segments FROM predictions p
       WHERE p.batch_id = $1 AND p.model_id = $2 AND p.ts >= $3 AND p.ts <= $4`,
      [batch.id, batch.modelId, batch.minTs, batch.maxTs],
    );
    return rows.map(toPrediction);
  },

  /**
   * Claims the pairs of these predictions whose outcome is already stored; returns the outcome of
   * each pair this transaction claimed. A pair claimed by another fold (committed, or committing
   * while this one waits on its row) is not returned: it counts once, there.
   */
  async claimPairsOfPredictions(
    db: Queryable,
    modelId: string,
    batchId: number,
    predictions: readonly StoredPrediction[],
  ): Promise<Map<string, StoredOutcome>> {
    if (predictions.length === 0) return new Map();
    const { rows } = await db.query<{ prediction_id: string; actual: unknown; value: number | null }>(
      `WITH mine AS (
         SELECT * FROM unnest($2::text[], $3::timestamptz[]) AS t(prediction_id, ts)
       ), matched AS (
         SELECT m.prediction_id, m.ts, o.actual, o.value FROM mine m
         JOIN outcomes o ON o.model_id = $1 AND o.prediction_id = m.prediction_id
       ), claimed AS (
         INSERT INTO labelled_pairs (model_id, prediction_id, ts, batch_id)
         SELECT $1, prediction_id, ts, $4 FROM matched ORDER BY prediction_id
         ON CONFLICT (model_id, prediction_id) DO NOTHING
         RETURNING prediction_id
       )
       SELECT m.prediction_id, m.actual, m.value FROM matched m JOIN claimed USING (prediction_id)`,
      [
        modelId,
        predictions.map((p) => p.predictionId),
        predictions.map((p) => new Date(p.tsMs).toISOString()),
        batchId,
      ],
    );
    return new Map(rows.map((r) => [r.prediction_id, { actual: r.actual, value: r.value }]));
  },

  /**
   * Claims the pairs of the batch's outcomes whose prediction is already stored, and returns them
   * with their predictions. Two statements so that each is planned well: the claim finds each
   * prediction's time in prediction_ids by primary key; the predictions are then read by
   * (model, time) from only the partitions those times are in. (One join let the planner hash
   * every partition of predictions.)
   */
  async claimPairsOfOutcomes(db: Queryable, modelId: string, batchId: number): Promise<FoldedPair[]> {
    const { rows: claimed } = await db.query<{
      prediction_id: string;
      ts: Date;
      actual: unknown;
      value: number | null;
    }>(
      `WITH matched AS (
         SELECT o.prediction_id, i.ts, o.actual, o.value FROM outcomes o
         JOIN prediction_ids i ON i.model_id = o.model_id AND i.prediction_id = o.prediction_id
         WHERE o.batch_id = $2 AND o.model_id = $1
       ), claimed AS (
         INSERT INTO labelled_pairs (model_id, prediction_id, ts, batch_id)
         SELECT $1, prediction_id, ts, $2 FROM matched ORDER BY prediction_id
         ON CONFLICT (model_id, prediction_id) DO NOTHING
         RETURNING prediction_id
       )
       SELECT m.prediction_id, m.ts, m.actual, m.value FROM matched m JOIN claimed USING (prediction_id)`,
      [modelId, batchId],
    );
    if (claimed.length === 0) return [];
    let [first, last] = [Infinity, -Infinity];
    for (const { ts } of claimed)
      [first, last] = [Math.min(first, ts.getTime()), Math.max(last, ts.getTime())];
    const { rows } = await db.query<Omit<PredictionRecord, 'features'> & SliceRecord>(
      `SELECT p.prediction_id, p.ts, p.prediction, p.score, p.scores, p.model_version, p.segments FROM predictions p
       WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts <= $3
         AND p.ts = ANY($4::timestamptz[]) AND p.prediction_id = ANY($5::text[])`,
      [
        modelId,
        new Date(first),
        new Date(last),
        claimed.map((c) => c.ts),
        claimed.map((c) => c.prediction_id),
      ],
    );
    const outcomes = new Map(claimed.map((c) => [c.prediction_id, c]));
    return rows.map((row) => ({
      predictionId: row.prediction_id,
      tsMs: row.ts.getTime(),
      prediction: row.prediction,
      score: row.score,
      scores: row.scores,
      actual: outcomes.get(row.prediction_id)!.actual,
      value: outcomes.get(row.prediction_id)!.value,
      modelVersion: row.model_version,
      segments: row.segments,
    }));
  },

  async insertContributions(
    db: Queryable,
    modelId: string,
    batchId: number,
    rows: readonly SlicedRow[],
  ): Promise<void> {
    if (rows.length === 0) return;
    // ON CONFLICT: the batch lock already rules out a second fold; a replay must still add nothing.
    await db.query(
      `INSERT INTO tile_contributions (batch_id, bucket, key, model_id, n, bytes, slice)
       SELECT $1, bucket, key, $2, n, bytes, slice
       FROM unnest($3::timestamptz[], $4::text[], $5::bigint[], $6::bytea[], $7::text[])
         AS t(bucket, key, n, bytes, slice)
       ON CONFLICT (batch_id, slice, bucket, key) DO NOTHING`,
      [
        batchId,
        modelId,
        rows.map((r) => new Date(r.bucketMs).toISOString()),
        rows.map((r) => r.key),
        rows.map((r) => r.n),
        rows.map((r) => r.bytes),
        rows.map((r) => r.slice),
      ],
    );
  },

  /**
   * Adds a batch's model versions to model_versions, in the fold's transaction so that the batch
   * counts once. Each row stays locked until the fold commits: in version order, so that two folds
   * of one model take those locks in one order and cannot deadlock on them.
   */
  async recordVersions(db: Queryable, modelId: string, versions: readonly VersionSeen[]): Promise<void> {
    if (versions.length === 0) return;
    await db.query(
      `INSERT INTO model_versions AS v (model_id, version, first_seen, last_seen, predictions)
       SELECT $1, version, first_seen, last_seen, predictions
         FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::bigint[])
              AS t(version, first_seen, last_seen, predictions)
        ORDER BY version
       ON CONFLICT (model_id, version) DO UPDATE
          SET first_seen = LEAST(v.first_seen, EXCLUDED.first_seen),
              last_seen = GREATEST(v.last_seen, EXCLUDED.last_seen),
              predictions = v.predictions + EXCLUDED.predictions`,
      [
        modelId,
        versions.map((v) => v.version),
        versions.map((v) => new Date(v.firstMs).toISOString()),
        versions.map((v) => new Date(v.lastMs).toISOString()),
        versions.map((v) => v.predictions),
      ],
    );
  },

  async markFolded(db: Queryable, batchId: number): Promise<void> {
    await db.query('UPDATE ingest_batches SET folded_at = now() WHERE id = $1', [batchId]);
  },
};

export type FoldStore = typeof foldStore;
