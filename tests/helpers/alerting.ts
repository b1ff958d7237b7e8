import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { EvaluationSnapshotInput } from '../../src/modules/alerting/engine/evaluation-snapshot.js';
import type { TestApp } from './app.js';
import { testRedisUrl } from './redis.js';

/** Settings for alerting tests: loopback receivers allowed, retries in milliseconds rather than hours. */
export const ALERTING_TEST_ENV = {
  ALLOWED_WEBHOOK_HOSTS: '127.0.0.1',
  NOTIFY_RETRY_FIRST_DELAY_MS: '100',
  NOTIFY_RETRY_MAX_DELAY_MS: '400',
  NOTIFY_RETRY_HORIZON_MS: '8000',
  NOTIFY_TIMEOUT_MS: '2000',
  PUBLIC_URL: 'https://modelwatch.example',
};

/** A valid feature-drift rule body, for tests to vary. */
export const DRIFT_RULE = {
  condition: { kind: 'feature_drift', measure: 'score' },
  comparator: '>=',
  threshold: 0.2,
  window: '1h',
  for: 2,
  severity: 'critical',
  labels: { team: 'risk' },
  annotations: { summary: '{{feature}} drifted on {{model}}' },
} as const;

/** Registers a small binary model through the API. */
export async function registerModel(
  t: TestApp,
  id: string,
  tags: Record<string, string> = {},
): Promise<void> {
  const res = await t.request(t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${id}`,
    payload: {
      name: id,
      task: 'binary_classification',
      features: [
        { name: 'age', type: 'numerical' },
        { name: 'income', type: 'numerical' },
      ],
      tags,
    },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

export async function put(t: TestApp, url: string, payload: object, key = t.adminKey) {
  const res = await t.request(key, { method: 'PUT', url, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<Record<string, unknown>>();
}

/** Turns off the default rules, so that a test sees only the rules it defines. */
export async function disableDefaultRules(t: TestApp): Promise<void> {
  const list = (await t.request(t.adminKey, { method: 'GET', url: '/v1/alert-rules' })).json<{
    items: { id: string; builtin: boolean }[];
  }>();
  for (const rule of list.items.filter((r) => r.builtin)) {
    const {
      id,
      builtin: _b,
      createdAt: _c,
      updatedAt: _u,
      updatedBy: _by,
      ...spec
    } = rule as Record<string, unknown>;
    await put(t, `/v1/alert-rules/${id as string}`, { ...spec, enabled: false });
  }
}

export const evaluate = (t: TestApp, s: EvaluationSnapshotInput) =>
  t.container.alerting.engine.onEvaluation(s);

/** A notify worker as the worker role builds it (processor and settings from the container). */
export function startNotifyWorker(t: TestApp): { close(): Promise<void> } {
  const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const worker = new Worker('notify', t.container.processors.notify!, {
    connection,
    prefix: t.queuePrefix,
    ...t.container.workerOptions.notify,
  });
  worker.on('error', () => undefined);
  return {
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

export { eventually } from './eventually.js';
