import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createContainer, type Container, type Role } from '../../src/container.js';
import { createLogger } from '../../src/lib/logger.js';

export interface TestAppOptions {
  /** A migrated database of the test file's own. */
  databaseUrl: string;
  redisUrl?: string;
  role?: Role;
  /** Extra configuration, as environment variables would give it. */
  env?: Record<string, string>;
}

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  /** The bootstrap ADMIN_API_KEY this app was configured with. */
  adminKey: string;
  /** `app.inject` with `Authorization: Bearer <key>` (no header when key is null). */
  request(key: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The real app on a container built as production builds it, with a generated admin key and a
 * queue prefix no other test uses. Requests go through `app.inject`: nothing listens.
 */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const adminKey = `mw_test_${randomBytes(24).toString('base64url')}`;
  const parsed = parseConfig({
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: adminKey,
    QUEUE_PREFIX: `{mwtest-${randomBytes(6).toString('hex')}}`,
    ...options.env,
  });
  if (!parsed.ok) throw new Error(`invalid test configuration: ${parsed.problems.join('; ')}`);
  const container = createContainer(
    parsed.config,
    options.role ?? 'api',
    { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl ?? 'redis://127.0.0.1:6379' },
    createLogger('silent'),
  );
  const app = await buildApp(container);
  await app.ready();
  return {
    app,
    container,
    adminKey,
    request: (key, opts) =>
      app.inject({
        ...opts,
        headers: { ...opts.headers, ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      }),
    async close() {
      await app.close();
      await container.close();
    },
  };
}
