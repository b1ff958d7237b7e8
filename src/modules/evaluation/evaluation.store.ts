import type { Queryable } from '../../lib/db.js';
import type { FeatureDrift } from '../../stats/drift/types.js';
import type { ModelStatus, StoredEvaluation } from './evaluation.schemas.js';

/** A stored feature verdict without its measures; `noisePValue` is absent from older evaluations. */
export type FeatureVerdict = Omit<FeatureDrift, 'measures' | 'noisePValue'> & { noisePValue?: number | null };
export interface FeatureVerdictRow {
  windowEnd: Date;
  evaluatedAt: Date;
  verdict: FeatureVerdict;
}

/** An evaluation without its (large) `evaluation` part: enough for a time series point. */
export type EvaluationHead = Omit<StoredEvaluation, 'evaluation'> & {
  driftShare: number | null;
  driftedFeatures: number | null;
  labelCoverage: number | null;
};

interface HeadRow {
  head: Omit<StoredEvaluation, 'evaluation'>;
  drift_share: number | null;
  drifted_features: number | null;
  label_coverage: number | null;
}

const toHead = (row: HeadRow): EvaluationHead => ({
  ...row.head,
  driftShare: row.drift_share,
  driftedFeatures: row.drifted_features,
  labelCoverage: row.label_coverage,
});

export const evaluationStore = {
  /**
   * Keyed by (model, window, window end): a replay, or a re-run of an open window, overwrites;
   * but never with an evaluation that started earlier than the stored one (a job that outlived
   * its lock, or read before a new reference was committed, finishing last), so the row always
   * holds the evaluation that saw the most.
   */
  async upsert(db: Queryable, e: StoredEvaluation): Promise<void> {
    const evaluation = e.evaluation;
    await db.query(
      `INSERT INTO evaluations (model_id, window_name, window_start, window_end, reference_id, status, events,
                                drifted_features, drift_share, label_coverage, result, evaluated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (model_id, window_name, window_end) DO UPDATE SET
         window_start = EXCLUDED.window_start, reference_id = EXCLUDED.reference_id, status = EXCLUDED.status,
         events = EXCLUDED.events, drifted_features = EXCLUDED.drifted_features, drift_share = EXCLUDED.drift_share,
         label_coverage = EXCLUDED.label_coverage, result = EXCLUDED.result, evaluated_at = EXCLUDED.evaluated_at
       WHERE evaluations.evaluated_at <= EXCLUDED.evaluated_at`,
      [
        e.modelId,
        e.window.name,
        e.window.from,
        e.window.to,
        e.reference?.id ?? null,
        e.status,
        e.window.events,
        evaluation?.datasetDrift.driftedFeatures ?? null,
        evaluation?.datasetDrift.share ?? null,
        evaluation?.performance?.realized?.coverage ?? null,
        JSON.stringify(e),
        e.evaluatedAt,
      ],
    );
  },

  /** The evaluation of the newest window end, or null. */
  async latest(db: Queryable, modelId: string, windowName: string): Promise<StoredEvaluation | null> {
    const { rows } = await db.query<{ result: StoredEvaluation }>(
      `SELECT result FROM evaluations WHERE model_id = $1 AND window_name = $2
        ORDER BY window_end DESC LIMIT 1`,
      [modelId, windowName],
    );
    return rows[0]?.result ?? null;
  },

  /** Newest first, window ends in [fromEnd, toEnd) and before `beforeEnd` (the cursor). */
  async list(
    db: Queryable,
    q: {
      modelId: string;
      windowName: string;
      fromEnd: Date | null;
      toEnd: Date | null;
      beforeEnd: Date | null;
      limit: number;
    },
  ): Promise<EvaluationHead[]> {
    const { rows } = await db.query<HeadRow>(
      `SELECT result - 'evaluation' AS head, drift_share, drifted_features, label_coverage
         FROM evaluations
        WHERE model_id = $1 AND window_name = $2
          AND ($3::timestamptz IS NULL OR window_end >= $3)
          AND ($4::timestamptz IS NULL OR window_end < $4)
          AND ($5::timestamptz IS NULL OR window_end < $5)
        ORDER BY window_end DESC
        LIMIT $6`,
      [q.modelId, q.windowName, q.fromEnd, q.toEnd, q.beforeEnd, q.limit],
    );
    return rows.map(toHead);
  },

  /**
   * The outcome values of the newest evaluation of each (model, window), for these models: only
   * that part of each result is read (docs/kpis.md#value).
   */
  async latestValuesOfEach(
    db: Queryable,
    windowNames: readonly string[],
    modelIds: readonly string[],
  ): Promise<{ modelId: string; window: string; count: number; sum: number }[]> {
    const { rows } = await db.query<{
      model_id: string;
      window: string;
      value: { count: number; sum: number };
    }>(
      `SELECT m.id AS model_id, w.name AS window, e.value
         FROM unnest($2::text[]) AS m(id)
        CROSS JOIN unnest($1::text[]) AS w(name)
        CROSS JOIN LATERAL (
          SELECT result->'outcomeValue' AS value FROM evaluations
           WHERE model_id = m.id AND window_name = w.name
           ORDER BY window_end DESC LIMIT 1
        ) e
        WHERE e.value IS NOT NULL AND jsonb_typeof(e.value) = 'object'`,
      [windowNames, modelIds],
    );
    return rows.map((r) => ({
      modelId: r.model_id,
      window: r.window,
      count: r.value.count,
      sum: r.value.sum,
    }));
  },

  /**
   * The newest evaluation of each (model, window) among these windows, for every model not
   * archived or the listed ones: one backward index probe per pair, however long the history.
   */
  async latestOfEach(
    db: Queryable,
    windowNames: readonly string[],
    modelIds: readonly string[] | null,
  ): Promise<StoredEvaluation[]> {
    const { rows } = await db.query<{ result: StoredEvaluation }>(
      `SELECT e.result
         FROM models m
        CROSS JOIN unnest($1::text[]) AS w(name)
        CROSS JOIN LATERAL (
          SELECT result FROM evaluations
           WHERE model_id = m.id AND window_name = w.name
           ORDER BY window_end DESC LIMIT 1
        ) e
        WHERE m.archived_at IS NULL AND ($2::text[] IS NULL OR m.id = ANY ($2::text[]))
        ORDER BY m.id, w.name`,
      [windowNames, modelIds],
    );
    return rows.map((r) => r.result);
  },

  /**
   * Per model, the newest evaluation of `windowName` that judged something (its status is not
   * insufficient_data): its status and time. Models without one are left out.
   */
  async lastJudgedOfEach(
    db: Queryable,
    windowName: string,
    modelIds: readonly string[],
  ): Promise<{ modelId: string; status: ModelStatus; evaluatedAt: string }[]> {
    const { rows } = await db.query<{ modelId: string; status: ModelStatus; evaluatedAt: string }>(
      `SELECT m.id AS "modelId", e.status, e.result->>'evaluatedAt' AS "evaluatedAt"
         FROM unnest($2::text[]) AS m(id)
        CROSS JOIN LATERAL (
          SELECT status, result FROM evaluations
           WHERE model_id = m.id AND window_name = $1 AND status <> 'insufficient_data'
           ORDER BY window_end DESC LIMIT 1
        ) e`,
      [windowName, modelIds],
    );
    return rows;
  },

  /**
   * One feature's drift verdict in each stored evaluation of a window whose end is in
   * [fromEnd, toEnd): the newest `limit`, newest first. Only that feature's element of
   * `result.evaluation.features` leaves Postgres, without its measures, so a long history is never
   * loaded whole; evaluations without it (no reference then, the feature not evaluated) are skipped.
   * The primary key (model, window, end) is walked backwards and stops at the limit.
   */
  async featureVerdicts(
    db: Queryable,
    q: {
      modelId: string;
      windowName: string;
      feature: string;
      fromEnd: Date | null;
      toEnd: Date | null;
      limit: number;
    },
  ): Promise<FeatureVerdictRow[]> {
    const { rows } = await db.query<{ window_end: Date; evaluated_at: Date; verdict: FeatureVerdict }>(
      `SELECT window_end, evaluated_at, verdict - 'measures' AS verdict
         FROM (SELECT window_end, evaluated_at,
                      jsonb_path_query_first(result, '$.evaluation.features[*] ? (@.name == $name)',
                                             jsonb_build_object('name', $3::text)) AS verdict
                 FROM evaluations
                WHERE model_id = $1 AND window_name = $2
                  AND ($4::timestamptz IS NULL OR window_end >= $4)
                  AND ($5::timestamptz IS NULL OR window_end < $5)) e
        WHERE verdict IS NOT NULL
        ORDER BY window_end DESC
        LIMIT $6`,
      [q.modelId, q.windowName, q.feature, q.fromEnd, q.toEnd, q.limit],
    );
    return rows.map((r) => ({ windowEnd: r.window_end, evaluatedAt: r.evaluated_at, verdict: r.verdict }));
  },

  /**
   * The stored evaluations of a window ending in (from, to]: the newest `limit`, oldest first.
   * Whole results (about 13 KB of JSON each for 20 features), so callers keep `limit` small.
   */
  async resultsBetween(
    db: Queryable,
    q: { modelId: string; window: string; from: Date; to: Date; limit: number },
  ): Promise<StoredEvaluation[]> {
    const { rows } = await db.query<{ result: StoredEvaluation }>(
      `SELECT result FROM evaluations
        WHERE model_id = $1 AND window_name = $2 AND window_end > $3 AND window_end <= $4
        ORDER BY window_end DESC LIMIT $5`,
      [q.modelId, q.window, q.from, q.to, q.limit],
    );
    return rows.map((r) => r.result).reverse();
  },

  /**
   * One number of each stored evaluation of a window ending in (from, to], oldest first: the
   * value at a SQL/JSON path into the stored evaluation (null where it is absent or not a number).
   */
  async series(
    db: Queryable,
    q: { modelId: string; window: string; from: Date; to: Date; path: string; vars: Record<string, string> },
  ): Promise<{ windowEnd: Date; value: number | null }[]> {
    const { rows } = await db.query<{ window_end: Date; value: number | null }>(
      `SELECT window_end,
              CASE WHEN jsonb_typeof(v) = 'number' THEN v::text::double precision END AS value
         FROM (SELECT window_end, jsonb_path_query_first(result, $5::jsonpath, $6::jsonb) AS v
                 FROM evaluations
                WHERE model_id = $1 AND window_name = $2 AND window_end > $3 AND window_end <= $4) s
        ORDER BY window_end`,
      [q.modelId, q.window, q.from, q.to, q.path, JSON.stringify(q.vars)],
    );
    return rows.map((r) => ({ windowEnd: r.window_end, value: r.value }));
  },

  /** The model's newest event time, or null. The (model_id, ts) index answers it per partition. */
  async lastEventAt(db: Queryable, modelId: string): Promise<Date | null> {
    const { rows } = await db.query<{ ts: Date }>(
      'SELECT ts FROM predictions WHERE model_id = $1 ORDER BY ts DESC LIMIT 1',
      [modelId],
    );
    return rows[0]?.ts ?? null;
  },

  async hasEvents(db: Queryable, modelId: string, from: Date, to: Date): Promise<boolean> {
    const { rows } = await db.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3) AS found',
      [modelId, from, to],
    );
    return rows[0]!.found;
  },

  /** Models to evaluate: every model not archived. */
  async activeModelIds(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM models WHERE archived_at IS NULL ORDER BY id',
    );
    return rows.map((r) => r.id);
  },

  /**
   * Retention: evaluations of windows that ended before `expireBefore` go; those that ended
   * before `thinBefore` (and at most a week earlier, so each run scans a bounded range) keep
   * only the ends on the hour. A window is evaluated every minute, and its full-resolution
   * history is only worth its storage for the recent past.
   */
  expire: (db: Queryable, horizon: RetentionHorizon): Promise<number> =>
    expireEvaluationRows(db, 'evaluations', horizon),
};

export type EvaluationStore = typeof evaluationStore;

export interface RetentionHorizon {
  expireBefore: Date;
  thinBefore: Date;
}

/**
 * Retention of stored evaluations (the whole model's, and segment values'): rows of windows that
 * ended before `expireBefore` go; those that ended before `thinBefore` (and at most a week
 * earlier, so each run scans a bounded range) keep only the ends on the hour.
 */
export async function expireEvaluationRows(
  db: Queryable,
  table: 'evaluations' | 'slice_evaluations',
  { expireBefore, thinBefore }: RetentionHorizon,
): Promise<number> {
  const expired = await db.query(`DELETE FROM ${table} WHERE window_end < $1`, [expireBefore]);
  const thinned = await db.query(
    `DELETE FROM ${table}
      WHERE window_end < $1 AND window_end >= $1 - interval '7 days'
        AND date_trunc('hour', window_end) <> window_end`,
    [thinBefore],
  );
  return (expired.rowCount ?? 0) + (thinned.rowCount ?? 0);
}
