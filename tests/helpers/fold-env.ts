import { afterAll, expect } from 'vitest';
import type { ModelSpecInput } from '../../src/domain/model-spec.js';
import type { LoadedWindow } from '../../src/modules/tiles/window-read.js';
import { CategoricalSummary as Categorical } from '../../src/stats/summaries/categorical-summary.js';
import { NumericSummary as Numeric } from '../../src/stats/summaries/numeric-summary.js';
import { createTestApp, type TestApp } from './app.js';
import { freshDatabase, type TestDatabase } from './db.js';
import { seededRandom } from './random.js';

/*
 * Wiring for the fold and tile suites: a fresh database, the real app on a worker container, models
 * registered and events posted through the public API, so the rows folded are the rows ingest wrote.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export interface FoldEnv {
  db: TestDatabase;
  t: TestApp;
  registerModel(id: string, spec?: ModelSpecInput): Promise<void>;
  /** Posts events (JSON body, at most MAX_BATCH_EVENTS) and returns the batch ids committed. */
  post(modelId: string, kind: 'predictions' | 'outcomes', events: unknown[]): Promise<number[]>;
  /** Folds each batch through the container's fold service, in order. */
  fold(modelId: string, kind: 'predictions' | 'outcomes', batchIds: number[]): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const CREDIT: ModelSpecInput = {
  name: 'Credit risk',
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'income', type: 'numerical' },
    { name: 'country', type: 'categorical' },
  ],
  positiveClass: 1,
};

const live = new Set<FoldEnv>();

// Registered when a test file imports this module, so it runs after that file's tests (as db.ts).
afterAll(async () => {
  await Promise.all([...live].map((env) => env.close()));
});

export interface FoldEnvOptions {
  /** Models to register, by id. Default: the credit model as `credit`. */
  models?: Record<string, ModelSpecInput>;
  /** Extra configuration, as environment variables would give it. */
  env?: Record<string, string>;
}

/** Call in beforeAll; closed after the file's tests. */
export async function foldEnv({
  models = { credit: CREDIT },
  env = {},
}: FoldEnvOptions = {}): Promise<FoldEnv> {
  const db = await freshDatabase({ poolMax: 10 });
  const t = await createTestApp({ databaseUrl: db.url, role: 'worker', env });
  const foldEnv: FoldEnv = {
    db,
    t,
    async registerModel(id, spec = CREDIT) {
      const res = await t.request(t.adminKey, { method: 'PUT', url: `/v1/models/${id}`, payload: spec });
      expect(res.statusCode, res.body).toBeLessThan(300);
    },
    async post(modelId, kind, events) {
      const res = await t.request(t.adminKey, {
        method: 'POST',
        url: `/v1/models/${modelId}/${kind}`,
        payload: { events },
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().rejected).toEqual([]);
      return res.json().batchIds as number[];
    },
    async fold(modelId, kind, batchIds) {
      for (const batchId of batchIds) await t.container.folds.foldBatch({ batchId, modelId, kind });
    },
    async rows<T>(sql: string, params: unknown[] = []) {
      return (await db.pool.query(sql, params)).rows as T[];
    },
    close: async () => {
      live.delete(foldEnv);
      await t.close();
    },
  };
  live.add(foldEnv);
  for (const [id, spec] of Object.entries(models)) await foldEnv.registerModel(id, spec);
  return foldEnv;
}

export interface CreditEvent {
  predictionId: string;
  timestamp: number;
  features: { age: number; income: number | null; country: string };
  prediction: number;
  score: number;
}

/** Seeded credit events at the given times; prediction 1 when the score is at least 0.5. */
export function creditEvents(prefix: string, times: readonly number[], seed = 1): CreditEvent[] {
  const rng = seededRandom(seed);
  const countries = ['NL', 'DE', 'FR', 'BE', 'ES'];
  return times.map((timestamp, i) => {
    const score = rng.uniform();
    return {
      predictionId: `${prefix}-${i}`,
      timestamp,
      features: {
        age: 18 + Math.round(rng.uniform() * 60),
        income: i % 17 === 0 ? null : Math.round(20_000 + rng.normal() * 8_000),
        country: countries[rng.integer(0, countries.length - 1)]!,
      },
      prediction: score >= 0.5 ? 1 : 0,
      score,
    };
  });
}

/** The outcome of a credit event: positive with probability `score` (seeded). */
export function creditOutcomes(
  events: readonly CreditEvent[],
  seed = 2,
): { predictionId: string; actual: number }[] {
  const rng = seededRandom(seed);
  return events.map((e) => ({ predictionId: e.predictionId, actual: rng.uniform() < e.score ? 1 : 0 }));
}

/** `count` times spread evenly over [fromMs, fromMs + spanMs). */
export function spread(fromMs: number, spanMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => fromMs + Math.floor((i * spanMs) / count));
}

/** The start of the hour `hoursAgo` hours before the current one. */
export function hourStart(hoursAgo: number): number {
  return Math.floor(Date.now() / HOUR) * HOUR - hoursAgo * HOUR;
}

/** A window's summary of a numerical feature, by name. */
export function numericFeature(window: LoadedWindow, name: string): Numeric {
  const feature = window.traffic.feature(name);
  if (!(feature instanceof Numeric)) throw new Error(`${name} is not a numerical feature of the window`);
  return feature;
}

/** A window's summary of a categorical feature, by name. */
export function categoricalFeature(window: LoadedWindow, name: string): Categorical {
  const feature = window.traffic.feature(name);
  if (!(feature instanceof Categorical))
    throw new Error(`${name} is not a categorical feature of the window`);
  return feature;
}
