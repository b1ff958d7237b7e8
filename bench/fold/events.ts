import type { ModelSpecInput } from '../../src/domain/model-spec.js';
import type { OutcomeRow, PredictionRow } from '../../src/modules/ingest/ingest.validator.js';
import type { StoredPrediction } from '../../src/modules/tiles/tile-folder.js';
import type { Random } from '../../tests/helpers/random.js';

/** A binary model with 20 features: 15 numerical (continuous and integer), 5 categorical. */
export const BENCH_SPEC: ModelSpecInput = {
  name: 'bench',
  task: 'binary_classification',
  features: [
    ...Array.from({ length: 15 }, (_, i) => ({ name: `f${i}`, type: 'numerical' as const })),
    ...Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, type: 'categorical' as const })),
  ],
  positiveClass: 1,
};

/**
 * `count` prediction rows as ingest stores them, spread over the minute starting at `minuteMs`;
 * one in ten from a canary version, so that a fold records two model versions.
 */
export function benchEvents(rng: Random, prefix: string, minuteMs: number, count: number): PredictionRow[] {
  return Array.from({ length: count }, (_, i) => {
    const features: Record<string, number | string | null> = {};
    for (let f = 0; f < 15; f++) {
      // Every third feature takes integer values (ages, counts): exact in the sketch.
      const v = f % 3 === 0 ? Math.round(30 + 10 * rng.normal()) : 1_000 * f + rng.normal() * (f + 1);
      features[`f${f}`] = i % 50 === f ? null : v;
    }
    for (let c = 0; c < 5; c++) features[`c${c}`] = `cat${rng.integer(0, 10 * (c + 1))}`;
    const score = rng.uniform();
    return {
      predictionId: `${prefix}-${i}`,
      tsMs: minuteMs + Math.floor((i * 60_000) / count),
      modelVersion: i % 10 === 0 ? '2.1.0-canary' : '2.0.3',
      features: JSON.stringify(features),
      prediction: JSON.stringify(score >= 0.5 ? 1 : 0),
      score,
      scores: null,
      segments: null,
    };
  });
}

/** Outcomes for one event in `every`. */
export function benchOutcomes(rng: Random, rows: readonly PredictionRow[], every: number): OutcomeRow[] {
  return rows
    .filter((_, i) => i % every === 0)
    .map((r) => ({
      predictionId: r.predictionId,
      actual: JSON.stringify(rng.uniform() < r.score! ? 1 : 0),
      tsMs: null,
      value: null,
    }));
}

/** A prediction row as the fold reads it back from Postgres (JSON parsed). */
export function storedPrediction(r: PredictionRow): StoredPrediction {
  return {
    predictionId: r.predictionId,
    tsMs: r.tsMs,
    features: JSON.parse(r.features) as Record<string, unknown>,
    prediction: JSON.parse(r.prediction) as unknown,
    score: r.score,
    scores: null,
  };
}
