import type { Queryable } from '../../lib/db.js';
import type { TypedRow } from '../../stats/core/typed-row.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import { categoryOrNull, numberOrNull } from '../../stats/core/event-values.js';
import { PREDICTION_COLUMNS, type PredictionRecord } from '../tiles/fold.store.js';

interface EventRecord extends PredictionRecord {
  actual: unknown;
}

const PAGE_ROWS = 5_000;

/**
 * A stored event as a typed row, by the rules the tiles fold by (src/stats/core
 * event-values.ts): a value of the wrong type (the spec changed after the event was accepted)
 * counts as missing; labels compare as strings. The score stays as stored: foldRow picks
 * `score` or `scores[positiveClass]` as the tiles do.
 */
export function storedRow(spec: ModelSpec, record: EventRecord): TypedRow {
  const target = spec.task === 'regression' ? numberOrNull : categoryOrNull;
  let scores: Record<string, number> | null = null;
  for (const [label, value] of Object.entries(record.scores ?? {})) {
    if (typeof value === 'number') (scores ??= {})[label] = value;
  }
  return {
    features: spec.features.map((f) =>
      f.type === 'numerical'
        ? numberOrNull(record.features[f.name])
        : categoryOrNull(record.features[f.name]),
    ),
    prediction: target(record.prediction),
    score: record.score,
    scores,
    actual: record.actual === null || record.actual === undefined ? null : target(record.actual),
  };
}

/** The SQL that reads a model's stored traffic back: predictions with their outcomes. */
export const trafficStore = {
  /**
   * Every prediction with ts in [from, to) and its outcome if one arrived, page by page in
   * (ts, prediction_id) order so memory holds one page; the ts range prunes day partitions.
   */
  async *events(
    db: Queryable,
    spec: ModelSpec,
    modelId: string,
    from: Date,
    to: Date,
  ): AsyncGenerator<TypedRow> {
    let after: { ts: Date; id: string } | null = null;
    for (;;) {
      const page = await db.query<EventRecord>(
        `SELECT ${PREDICTION_COLUMNS}, o.actual
           FROM predictions p
           LEFT JOIN outcomes o ON o.model_id = p.model_id AND o.prediction_id = p.prediction_id
          WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts < $3
            AND ($4::timestamptz IS NULL OR (p.ts, p.prediction_id) > ($4, $5))
          ORDER BY p.ts, p.prediction_id
          LIMIT $6`,
        [modelId, from, to, after?.ts ?? null, after?.id ?? null, PAGE_ROWS],
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
