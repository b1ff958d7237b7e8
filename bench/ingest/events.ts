import { seededRandom } from '../../tests/helpers/random.js';
import type { ModelSpecInput } from '../../src/modules/models/models.schemas.js';
import type { PredictionRow } from '../../src/modules/ingest/ingest.validator.js';

/** The benchmark's model: 20 features, 18 numerical and 2 categorical, as issue 2 item 14 sets. */
export const BENCH_SPEC: ModelSpecInput = {
  name: 'Ingest benchmark',
  task: 'binary_classification',
  features: [
    ...Array.from({ length: 18 }, (_, i) => ({ name: `num_${i}`, type: 'numerical' as const })),
    { name: 'country', type: 'categorical' },
    { name: 'channel', type: 'categorical' },
  ],
};

const COUNTRIES = ['NL', 'DE', 'FR', 'BE', 'ES', 'IT', 'PL', 'SE'];
const CHANNELS = ['web', 'app', 'branch', 'phone'];

/** A pool of feature objects as JSON, reused round-robin so that building a request costs little. */
export function featurePool(size: number, seed = 42): string[] {
  const { uniform: rand } = seededRandom(seed);
  return Array.from({ length: size }, () => {
    const features: Record<string, number | string> = {};
    for (let i = 0; i < 18; i++) features[`num_${i}`] = Math.round((rand() * 200 - 100) * 1e4) / 1e4;
    features.country = COUNTRIES[Math.floor(rand() * COUNTRIES.length)]!;
    features.channel = CHANNELS[Math.floor(rand() * CHANNELS.length)]!;
    return JSON.stringify(features);
  });
}

export interface BatchShape {
  client: number;
  seq: number;
  size: number;
}

function eventId({ client, seq }: BatchShape, i: number): string {
  return `c${client}-b${seq}-e${i}`;
}

/** One JSON request body of `size` events with ids unique to (client, seq). */
export function batchBody(shape: BatchShape, pool: string[]): string {
  const ts = new Date().toISOString();
  const parts: string[] = [];
  for (let i = 0; i < shape.size; i++) {
    const features = pool[(shape.seq * shape.size + i) % pool.length]!;
    const score = ((i * 7919) % 1000) / 1000;
    parts.push(
      `{"predictionId":"${eventId(shape, i)}","timestamp":"${ts}","features":${features},"prediction":${score >= 0.5 ? 1 : 0},"score":${score}}`,
    );
  }
  return `{"events":[${parts.join(',')}]}`;
}

/** The same events as stored rows, for loading without HTTP. */
export function batchRows(shape: BatchShape, pool: string[], nowMs: number): PredictionRow[] {
  return Array.from({ length: shape.size }, (_, i) => {
    const score = ((i * 7919) % 1000) / 1000;
    return {
      predictionId: eventId(shape, i),
      tsMs: nowMs,
      modelVersion: null,
      features: pool[(shape.seq * shape.size + i) % pool.length]!,
      prediction: score >= 0.5 ? '1' : '0',
      score,
      scores: null,
      segments: null,
    };
  });
}
