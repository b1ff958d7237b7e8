import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import { createContainer, type Container } from '../../../src/container.js';
import { createLogger } from '../../../src/lib/logger.js';
import { generateKey } from '../../../src/modules/keys/keys.token.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/problem.js';
import { cleanupPrefix, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';

// Issue 8 finding 6: 12,000 requests with random well-formed keys in 6 s all got 401, none 429,
// and each cost a Postgres lookup (the rate limiter kept a fresh bucket per presented key).
// Failed authentications now count against the client's address.

const FAILURES_PER_MINUTE = 20;
const ADMIN_KEY = `mw_authlimit_${'k'.repeat(24)}`;
const ATTACKER = '203.0.113.7';

let db: TestDatabase;
let container: Container;
let app: Awaited<ReturnType<typeof buildApp>>;
const prefix = uniquePrefix();
let lookups = 0;

beforeAll(async () => {
  db = await freshDatabase();
  const parsed = parseConfig({
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: ADMIN_KEY,
    QUEUE_PREFIX: prefix,
    AUTH_FAILURES_PER_MINUTE: String(FAILURES_PER_MINUTE),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  container = createContainer(
    parsed.config,
    'api',
    { databaseUrl: db.url, redisUrl: testRedisUrl() },
    createLogger('silent'),
  );
  // Every key that is not the bootstrap key and not cached goes on to Postgres from here.
  const authenticate = container.authenticate;
  container.authenticate = (token) => {
    lookups++;
    return authenticate(token);
  };
  app = await buildApp(container);
});

afterAll(async () => {
  await app?.close();
  await cleanupPrefix(container.redis, prefix);
  await container?.close();
});

const get = (key: string | null, remoteAddress = ATTACKER, url = '/v1/models') =>
  app.inject({
    method: 'GET',
    url,
    remoteAddress,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  } satisfies InjectOptions);

describe('rate limit before authentication', () => {
  it('answers 429 with Retry-After to an address past its failed authentications, and stops looking keys up', async () => {
    // A key of the database, used once from elsewhere, so this replica knows it.
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      remoteAddress: '198.51.100.1',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: { name: 'reader', scopes: ['read'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const reader = created.json<{ key: string }>().key;
    expect((await get(reader, '198.51.100.1')).statusCode).toBe(200);
    lookups = 0;

    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await get(i % 10 === 0 ? null : generateKey().key);
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        const problem = expectProblem(res, 429);
        expect(problem.detail).toMatch(/without a valid API key/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
    }
    expect(statuses.slice(0, FAILURES_PER_MINUTE)).toEqual(Array(FAILURES_PER_MINUTE).fill(401));
    expect(statuses.slice(FAILURES_PER_MINUTE)).toEqual(Array(200 - FAILURES_PER_MINUTE).fill(429));
    expect(lookups).toBeLessThanOrEqual(FAILURES_PER_MINUTE);

    // Keys this replica knows still work from that address; other addresses are not limited.
    expect((await get(ADMIN_KEY)).statusCode).toBe(200);
    expect((await get(reader)).statusCode).toBe(200);
    expect((await get(generateKey().key, '198.51.100.2')).statusCode).toBe(401);
  });

  it('leaves routes without a scope alone', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await get(generateKey().key, ATTACKER, '/healthz')).statusCode).toBe(200);
    }
  });
});
