import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { testContext } from './context.js';
import { randomSuffix, REDIS_ROOT } from './naming.js';

export { cleanupPrefix, scanKeys } from './redis-keys.js';

/**
 * A key prefix no other test or run uses, for BullMQ (`new Queue(name, { prefix })`) or plain
 * keys. Everything under it is also deleted by the global teardown, but tests should call
 * cleanupPrefix themselves (afterEach/afterAll) to leave nothing behind while the run goes on.
 */
export function uniquePrefix(): string {
  return `${REDIS_ROOT}:${testContext().runId}:${randomSuffix()}`;
}

/** The test run's Redis URL. */
export function testRedisUrl(): string {
  return testContext().redisUrl;
}

/**
 * An ioredis client on the test Redis, closed after the file's tests. Call it at the top of a
 * file or describe block, or in beforeAll.
 */
export function testRedis(): Redis {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  afterAll(async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
}
