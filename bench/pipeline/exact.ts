import type { ModelSpec } from '../../src/domain/model-spec.js';
import { emptyTraffic, foldEventRow } from '../../src/stats/core/traffic.js';
import { rawParts, type RawTraffic } from '../../src/stats/evaluation/raw-parts.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import { eventScore, featureIndex } from '../ingest/events.js';

/** A pool entry (features as JSON) as the feature values of a typed row, in spec order. */
function typedFeatures(spec: ModelSpec, json: string): (number | string | null)[] {
  const object = JSON.parse(json) as Record<string, number | string | null>;
  return spec.features.map((f) => object[f.name] ?? null);
}

/**
 * The raw columns of exactly the events the load posted (batches of `batch` from the same pool
 * with the same scores, bench/ingest/events.ts), for the exact evaluation: every value kept.
 */
export function postedColumns(
  spec: ModelSpec,
  pool: readonly string[],
  events: number,
  batch: number,
): RawTraffic {
  const features = pool.map((json) => typedFeatures(spec, json));
  const columns = emptyTraffic(spec, rawParts);
  for (let seq = 0; seq * batch < events; seq++) {
    const size = Math.min(batch, events - seq * batch);
    const shape = { client: 0, seq, size };
    for (let i = 0; i < size; i++) {
      const score = eventScore(i);
      const row: TypedRow = {
        features: features[featureIndex(shape, i, pool.length)]!,
        prediction: score >= 0.5 ? '1' : '0',
        score,
        scores: null,
        actual: null,
      };
      foldEventRow(spec, columns, row);
    }
  }
  return columns;
}

/** Reference rows: features from their own pool, a score, and an outcome drawn from the score. */
export function referenceRows(pool: readonly string[], uniform: () => number) {
  return pool.map((json) => {
    const score = Math.round(uniform() * 1000) / 1000;
    return {
      features: JSON.parse(json) as Record<string, number | string>,
      prediction: score >= 0.5 ? 1 : 0,
      score,
      actual: uniform() < score ? 1 : 0,
    };
  });
}

/** The same reference rows as raw columns. */
export function referenceColumns(spec: ModelSpec, rows: ReturnType<typeof referenceRows>): RawTraffic {
  const columns = emptyTraffic(spec, rawParts);
  for (const r of rows) {
    foldEventRow(spec, columns, {
      features: spec.features.map((f) => r.features[f.name] ?? null),
      prediction: String(r.prediction),
      score: r.score,
      scores: null,
      actual: String(r.actual),
    });
  }
  return columns;
}
