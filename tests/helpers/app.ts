import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createContainer, type Container, type Role } from '../../src/container.js';
import { createLogger } from '../../src/lib/logger.js';
import { cleanupPrefix, testRedisUrl, uniquePrefix } from './redis.js';
import { TEST_SECRETS_KEY } from './secrets.js';

export interface TestAppOptions {
  /** A migrated database of the test file's own. */
  databaseUrl: string;
  /** Default: the test run's Redis. */
  redisUrl?: string;
  role?: Role;
  /** Extra configuration, as environment variables would give it. */
  env?: Record<string, string>;
  /** The process's one logger (the container's and Fastify's); default: one at LOG_LEVEL. */
  log?: Logger;
}

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  /** This app's BullMQ prefix, under the run's Redis root (its keys are deleted by close()). */
  queuePrefix: string;
  /** The bootstrap ADMIN_API_KEY this app was configured with. */
  adminKey: string;
  /** `app.inject` with `Authorization: Bearer <key>` (no header when key is null). */
  request(key: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The real app on a container built as production builds it, with a generated admin key and a
 * queue prefix no other test uses. Requests go through `app.inject`: nothing listens. Pair it
 * with `freshDatabase()` (tests/helpers/db.ts) for the database.
 */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const adminKey = `mw_test_${randomBytes(24).toString('base64url')}`;
  const queuePrefix = uniquePrefix();
  const parsed = parseConfig({
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: adminKey,
    QUEUE_PREFIX: queuePrefix,
    SECRETS_KEY: TEST_SECRETS_KEY,
    // Tests are clients that neither retry a 503 nor pace their failed logins, on a machine whose
    // load varies: the ingest bound, event-loop shedding and the per-address limit on failed
    // authentications stay out of their way unless a test sets them (admission.test.ts,
    // auth-rate-limit.test.ts do).
    MAX_EVENT_LOOP_DELAY_MS: '0',
    INGEST_MAX_IN_FLIGHT: '1000',
    INGEST_TARGET_LATENCY_MS: '600000',
    AUTH_FAILURES_PER_MINUTE: '100000',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(`invalid test configuration: ${parsed.problems.join('; ')}`);
  const container = createContainer(
    parsed.config,
    options.role ?? 'api',
    { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl ?? testRedisUrl() },
    options.log ?? createLogger(parsed.config.LOG_LEVEL),
  );
  const app = await buildApp(container);
  await app.ready();
  return {
    app,
    container,
    queuePrefix,
    adminKey,
    request: (key, opts) =>
      app.inject({
        ...opts,
        headers: { ...opts.headers, ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      }),
    async close() {
      await app.close();
      if (container.redis.status === 'ready') await cleanupPrefix(container.redis, queuePrefix);
      await container.close();
    },
  };
}
