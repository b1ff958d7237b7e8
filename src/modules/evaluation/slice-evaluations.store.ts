import type { Queryable } from '../../lib/db.js';
import type { StoredEvaluation } from './evaluation.schemas.js';
import { expireEvaluationRows, type RetentionHorizon } from './evaluation.store.js';

/** Stored evaluations of segment values (migrations/0021_slice_evaluations.sql). */
export const sliceEvaluationStore = {
  /** One row per (model, window, slice, window end); a later evaluation of it overwrites. */
  async upsert(db: Queryable, slice: string, e: StoredEvaluation): Promise<void> {
    await db.query(
      `INSERT INTO slice_evaluations (model_id, window_name, slice, window_end, status, events, evaluated_at, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (model_id, window_name, slice, window_end) DO UPDATE SET
         status = EXCLUDED.status, events = EXCLUDED.events, evaluated_at = EXCLUDED.evaluated_at,
         result = EXCLUDED.result
       WHERE slice_evaluations.evaluated_at <= EXCLUDED.evaluated_at`,
      [
        e.modelId,
        e.window.name,
        slice,
        e.window.to,
        e.status,
        e.window.events,
        e.evaluatedAt,
        JSON.stringify(e),
      ],
    );
  },

  /** The slice's evaluation of the newest window end, or null. */
  async latest(
    db: Queryable,
    modelId: string,
    windowName: string,
    slice: string,
  ): Promise<StoredEvaluation | null> {
    const { rows } = await db.query<{ result: StoredEvaluation }>(
      `SELECT result FROM slice_evaluations WHERE model_id = $1 AND window_name = $2 AND slice = $3
        ORDER BY window_end DESC LIMIT 1`,
      [modelId, windowName, slice],
    );
    return rows[0]?.result ?? null;
  },

  /** A slice's evaluations of a window ending in (from, to], oldest first (as evaluationStore.resultsBetween). */
  async resultsBetween(
    db: Queryable,
    q: { modelId: string; window: string; slice: string; from: Date; to: Date; limit: number },
  ): Promise<StoredEvaluation[]> {
    const { rows } = await db.query<{ result: StoredEvaluation }>(
      `SELECT result FROM slice_evaluations
        WHERE model_id = $1 AND window_name = $2 AND slice = $3 AND window_end > $4 AND window_end <= $5
        ORDER BY window_end DESC LIMIT $6`,
      [q.modelId, q.window, q.slice, q.from, q.to, q.limit],
    );
    return rows.map((r) => r.result).reverse();
  },

  /** Every slice's evaluation of one window end (slice_evaluations_model_end_idx), by slice. */
  async atWindowEnd(
    db: Queryable,
    modelId: string,
    windowName: string,
    windowEnd: string,
  ): Promise<{ slice: string; evaluation: StoredEvaluation }[]> {
    const { rows } = await db.query<{ slice: string; result: StoredEvaluation }>(
      `SELECT slice, result FROM slice_evaluations
        WHERE model_id = $1 AND window_name = $2 AND window_end = $3 ORDER BY slice`,
      [modelId, windowName, windowEnd],
    );
    return rows.map((r) => ({ slice: r.slice, evaluation: r.result }));
  },

  /**
   * The segment values of each model's newest evaluated window end of `windowName` (models not
   * archived), worst first (`severity`: statuses in that order, then the larger drift share), at
   * most `limit`, and how many there were. Only the newest round of each model counts, so values
   * ranked out of a lowered cap or of a key no longer declared, which that round did not
   * evaluate, are left out; so are values quiet in that window (not stored) and other slices.
   */
  async latestSegments(
    db: Queryable,
    q: { windowName: string; severity: readonly string[]; limit: number },
  ): Promise<{ values: LatestSegment[]; total: number }> {
    // Per model, one descent of slice_evaluations_model_end_idx to its newest end, then that
    // end's rows by the same index. OFFSET 0 keeps the second subquery per model: flattened into
    // a join, the planner could read an end's rows of every model once (models share ends: the
    // scheduler aligns them) and filter them per model, quadratic in the fleet (measured: 100
    // models of 21 values, 1.5 M rows, 210,000 rows filtered for 2,100).
    const { rows } = await db.query<LatestSegment & { total: number }>(
      `SELECT s.model_id AS "modelId", s.slice, s.status, s.events::float8 AS events,
              (s.result #>> '{evaluation,datasetDrift,share}')::float8 AS "driftShare",
              count(*) OVER ()::int AS total
         FROM models m
         CROSS JOIN LATERAL (
           SELECT window_end FROM slice_evaluations
            WHERE model_id = m.id AND window_name = $1 AND slice LIKE 'segment:%'
            ORDER BY window_end DESC LIMIT 1) newest
         CROSS JOIN LATERAL (
           SELECT * FROM slice_evaluations
            WHERE model_id = m.id AND window_name = $1 AND window_end = newest.window_end
              AND slice LIKE 'segment:%'
           OFFSET 0) s
        WHERE m.archived_at IS NULL
        ORDER BY array_position($2::text[], s.status), "driftShare" DESC NULLS LAST, s.model_id, s.slice
        LIMIT $3`,
      [q.windowName, q.severity, q.limit],
    );
    return {
      values: rows.map(({ total: _total, ...value }) => value),
      total: rows[0]?.total ?? 0, // limit ≥ 1: no row means none at all
    };
  },

  /**
   * Per model of `modelIds`, at most `perModel` of the segment values in its newest round of
   * `windowName` that are not healthy, worst first (`severity`, then the larger drift share).
   * The fleet's entries: a model whose values are all healthy, or that has none, has no row.
   */
  async worstOfEach(
    db: Queryable,
    q: { windowName: string; severity: readonly string[]; modelIds: readonly string[]; perModel: number },
  ): Promise<{ modelId: string; slice: string; status: string }[]> {
    const { rows } = await db.query<{ modelId: string; slice: string; status: string }>(
      `SELECT m.id AS "modelId", s.slice, s.status
         FROM unnest($3::text[]) AS m(id)
         CROSS JOIN LATERAL (
           SELECT window_end FROM slice_evaluations
            WHERE model_id = m.id AND window_name = $1 AND slice LIKE 'segment:%'
            ORDER BY window_end DESC LIMIT 1) newest
         CROSS JOIN LATERAL (
           SELECT slice, status, row_number() OVER (
                    ORDER BY array_position($2::text[], status),
                             (result #>> '{evaluation,datasetDrift,share}')::float8 DESC NULLS LAST, slice) AS rank
             FROM slice_evaluations
            WHERE model_id = m.id AND window_name = $1 AND window_end = newest.window_end
              AND slice LIKE 'segment:%' AND status <> 'healthy'
            ORDER BY rank LIMIT $4) s
        ORDER BY m.id, s.rank`,
      [q.windowName, q.severity, q.modelIds, q.perModel],
    );
    return rows;
  },

  /** As evaluationStore.expire: gone before `expireBefore`, one per hour kept in the week before `thinBefore`. */
  expire: (db: Queryable, horizon: RetentionHorizon): Promise<number> =>
    expireEvaluationRows(db, 'slice_evaluations', horizon),
};

/** A segment value's headline figures in its latest stored evaluation (latestSegments). */
export interface LatestSegment {
  modelId: string;
  slice: string;
  status: string;
  events: number;
  driftShare: number | null;
}

export type SliceEvaluationStore = typeof sliceEvaluationStore;
