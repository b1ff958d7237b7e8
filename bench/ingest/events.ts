import { seededRandom } from '../../tests/helpers/random.js';
import type { ModelSpecInput } from '../../src/domain/model-spec.js';
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

/** The score of the i-th event of a batch: spread evenly over [0, 1). */
export const eventScore = (i: number): number => ((i * 7919) % 1000) / 1000;

/** Which pool entry the i-th event of a batch takes: the pool, round-robin. */
export const featureIndex = ({ seq, size }: BatchShape, i: number, poolSize: number): number =>
  (seq * size + i) % poolSize;

const featuresOf = (shape: BatchShape, i: number, pool: readonly string[]): string =>
  pool[featureIndex(shape, i, pool.length)]!;

function eventId({ client, seq }: BatchShape, i: number): string {
  return `c${client}-b${seq}-e${i}`;
}

/** One JSON request body of `size` events with ids unique to (client, seq), all at time `ts`. */
export function batchBody(shape: BatchShape, pool: string[], ts = new Date().toISOString()): string {
  const parts: string[] = [];
  for (let i = 0; i < shape.size; i++) {
    const features = featuresOf(shape, i, pool);
    const score = eventScore(i);
    parts.push(
      `{"predictionId":"${eventId(shape, i)}","timestamp":"${ts}","features":${features},"prediction":${score >= 0.5 ? 1 : 0},"score":${score}}`,
    );
  }
  return `{"events":[${parts.join(',')}]}`;
}

/** The same events as stored rows, for loading without HTTP. */
export function batchRows(shape: BatchShape, pool: string[], nowMs: number): PredictionRow[] {
  return Array.from({ length: shape.size }, (_, i) => {
    const score = eventScore(i);
    return {
      predictionId: eventId(shape, i),
      tsMs: nowMs,
      modelVersion: null,
      features: featuresOf(shape, i, pool),
      prediction: score >= 0.5 ? '1' : '0',
      score,
      scores: null,
      segments: null,
    };
  });
}
