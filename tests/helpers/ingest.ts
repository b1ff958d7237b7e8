import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { Pool } from '../../src/lib/db.js';
import type { ModelSpecInput } from '../../src/domain/model-spec.js';
import type { TestApp } from './app.js';

/** Fixtures for the ingest suites: a model registered through the API, and events for it. */

export const CREDIT_SPEC: ModelSpecInput = {
  name: 'Credit risk',
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'income', type: 'numerical', nullable: false },
    { name: 'country', type: 'categorical' },
  ],
  positiveClass: 1,
};

/** The smallest regression model: one numerical feature x. */
export const ONE_FEATURE_REGRESSION: ModelSpecInput = {
  name: 'one feature',
  task: 'regression',
  features: [{ name: 'x', type: 'numerical' }],
};

export async function registerModel(
  t: TestApp,
  id: string,
  spec: ModelSpecInput = CREDIT_SPEC,
): Promise<void> {
  const res = await t.request(t.adminKey, { method: 'PUT', url: `/v1/models/${id}`, payload: spec });
  expect(res.statusCode, res.body).toBe(201);
}

export async function archiveModel(t: TestApp, id: string): Promise<void> {
  const res = await t.request(t.adminKey, { method: 'DELETE', url: `/v1/models/${id}` });
  expect(res.statusCode, res.body).toBe(204);
}

export function predictionEvent(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    predictionId: id,
    timestamp: new Date().toISOString(),
    features: { age: 42, income: 52_000, country: 'NL' },
    prediction: 1,
    score: 0.83,
    ...overrides,
  };
}

export const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

export async function countRows(pool: Pool, from: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params);
  return rows[0]!.n;
}

/** Resolves once a client's connection is ready (the producer client refuses commands before). */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (redis.status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`Redis not ready after ${timeoutMs} ms (${redis.status})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
