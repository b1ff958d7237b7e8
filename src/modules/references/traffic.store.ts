import type { Queryable } from '../../lib/db.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { EventRow } from '../../stats/core/read.js';
import { PREDICTION_COLUMNS, type PredictionRecord } from '../tiles/index.js';

interface EventRecord extends PredictionRecord {
  actual: unknown;
}

const PAGE_ROWS = 5_000;

/**
 * A stored event as a row, its features in spec order and its values as stored: the summary
 * core's reader (src/stats/core read.ts) types them by the rules the tiles fold by, and rejects
 * the row as a reference file's row would be when a required feature is missing (the spec
 * changed after the event was accepted).
 */
export function storedRow(spec: ModelSpec, record: EventRecord): EventRow {
  return {
    features: spec.features.map((f) => record.features[f.name]),
    prediction: record.prediction,
    score: record.score,
    scores: record.scores,
    actual: record.actual,
  };
}

/** The SQL that reads a model's stored traffic back: predictions with their outcomes. */
export const trafficStore = {
  /**
   * Every prediction with ts in [from, to) and its outcome if one arrived, page by page in
   * (ts, prediction_id) order so memory holds one page; the ts range prunes day partitions.
   * With `modelVersion`, only that version's predictions.
   */
  async *events(
    db: Queryable,
    spec: ModelSpec,
    modelId: string,
    from: Date,
    to: Date,
    modelVersion: string | null = null,
  ): AsyncGenerator<EventRow> {
    let after: { ts: Date; id: string } | null = null;
    for (;;) {
      const page = await db.query<EventRecord>(
        `SELECT ${PREDICTION_COLUMNS}, o.actual
           FROM predictions p
           LEFT JOIN outcomes o ON o.model_id = p.model_id AND o.prediction_id = p.prediction_id
          WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts < $3
            AND ($4::timestamptz IS NULL OR (p.ts, p.prediction_id) > ($4, $5))
            AND ($7::text IS NULL OR p.model_version = $7)
          ORDER BY p.ts, p.prediction_id
          LIMIT $6`,
        [modelId, from, to, after?.ts ?? null, after?.id ?? null, PAGE_ROWS, modelVersion],
      );
      const rows: EventRecord[] = page.rows;
      for (const record of rows) yield storedRow(spec, record);
      if (rows.length < PAGE_ROWS) return;
      const last: EventRecord = rows[rows.length - 1]!;
      after = { ts: last.ts, id: last.prediction_id };
    }
  },
};

export type TrafficStore = typeof trafficStore;
