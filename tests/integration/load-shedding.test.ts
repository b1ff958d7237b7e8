import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REDIS_URL,
  auth,
  createTestDatabase,
  deleteQueueKeys,
  insertModel,
  predictionEvent,
  startTestApp,
  uniqueQueuePrefix,
  type TestDatabase,
} from '../helpers/ingest-env.js';

// DESIGN.md invariant 5: under overload the API sheds load with 429/503 and Retry-After.

let db: TestDatabase;
const prefix = uniqueQueuePrefix();

beforeAll(async () => {
  db = await createTestDatabase();
  await insertModel(db.url, 'credit');
});

afterAll(async () => {
  await deleteQueueKeys(REDIS_URL, prefix);
  await db?.drop();
});

const ingest = (id: string) => ({
  method: 'POST' as const,
  url: '/v1/models/credit/predictions',
  headers: auth,
  payload: { events: [predictionEvent(id)] },
});

describe('load shedding', () => {
  it('answers 429 problem+json with Retry-After past the per-key rate limit, and spares /healthz', async () => {
    const t = await startTestApp(
      { databaseUrl: db.url, redisUrl: REDIS_URL },
      { QUEUE_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '2' },
    );
    try {
      expect((await t.app.inject(ingest('rl-1'))).statusCode).toBe(202);
      expect((await t.app.inject(ingest('rl-2'))).statusCode).toBe(202);
      const limited = await t.app.inject(ingest('rl-3'));
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.json()).toMatchObject({
        status: 429,
        type: expect.stringMatching(/too-many-requests$/),
      });
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers 503 problem+json with Retry-After when the heap passes its bound', async () => {
    const t = await startTestApp(
      { databaseUrl: db.url, redisUrl: REDIS_URL },
      { QUEUE_PREFIX: prefix },
      (c) => {
        c.limits.maxHeapUsedBytes = 1;
      },
    );
    try {
      // under-pressure samples memory once a second.
      await new Promise((r) => setTimeout(r, 1_200));
      const shed = await t.app.inject(ingest('up-1'));
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('5');
      expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(shed.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/overloaded/) });
    } finally {
      await t.close();
    }
  });
});
