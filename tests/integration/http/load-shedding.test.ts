import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { predictionEvent, registerModel } from '../../helpers/ingest.js';
import { expectProblem } from '../../helpers/problem.js';
import { testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { buildApp } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import { createContainer } from '../../../src/container.js';
import { createLogger } from '../../../src/lib/logger.js';

// docs/architecture.md#invariants, invariant 5: under overload the API sheds load with 429/503 and Retry-After.

let db: TestDatabase;
const apps: TestApp[] = [];
const ADMIN_KEY = `mw_shedding_${'k'.repeat(24)}`;

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(async () => {
  await Promise.all(apps.map((t) => t.close()));
});

async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp({ databaseUrl: db.url, env });
  apps.push(t);
  return t;
}

const ingest = (t: TestApp, id: string) =>
  t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/models/credit/predictions',
    payload: { events: [predictionEvent(id)] },
  });

describe('load shedding', () => {
  it('answers 429 problem+json with Retry-After past the per-key rate limit, and spares /healthz', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '3' });
    await registerModel(t, 'credit'); // the first request of the minute
    expect((await ingest(t, 'rl-1')).statusCode).toBe(202);
    expect((await ingest(t, 'rl-2')).statusCode).toBe(202);
    const limited = await ingest(t, 'rl-3');
    const problem = expectProblem(limited, 429);
    expect(problem.type).toMatch(/too-many-requests$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers 503 problem+json with Retry-After when the heap passes its bound, and spares /healthz and /readyz', async () => {
    // The bound is read when the app is built, so this app is built by hand with a 1-byte bound.
    const parsed = parseConfig({
      LOG_LEVEL: 'silent',
      ADMIN_API_KEY: ADMIN_KEY,
      QUEUE_PREFIX: uniquePrefix(),
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const container = createContainer(
      parsed.config,
      'api',
      { databaseUrl: db.url, redisUrl: testRedisUrl() },
      createLogger('silent'),
    );
    container.limits.maxHeapUsedBytes = 1;
    const app = await buildApp(container);
    try {
      await new Promise((r) => setTimeout(r, 1_200)); // under-pressure samples memory once a second
      const shed = await app.inject({
        method: 'POST',
        url: '/v1/models/credit/predictions',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        payload: { events: [predictionEvent('up-1')] },
      });
      const problem = expectProblem(shed, 503);
      expect(shed.headers['retry-after']).toBe('5');
      expect(problem.detail).toMatch(/overloaded/);
      // Liveness is exempt: an overloaded process is busy, not dead. So is readiness: failing it
      // for load would take every replica out of the load balancer at once, when all are busy.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json()).toMatchObject({ checks: { postgres: 'ok' } });
    } finally {
      await app.close();
      await container.close();
    }
  });
});
