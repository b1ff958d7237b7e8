import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { createPool } from '../../src/lib/db.js';
import { withDatabase } from '../../src/lib/local-postgres.js';
import { ensureServices, type Services } from '../../src/lib/local-services.js';
import { migrate } from '../../src/lib/migrate.js';
import { removeLeftovers } from './janitor.js';
import { DATABASE_PREFIX, newRunId, REDIS_ROOT, TEMPLATE_PREFIX } from './naming.js';
import { createDatabase, databasesLike, dropDatabase, withAdmin } from './pg-admin.js';
import { cleanupPrefix } from './redis-keys.js';

/**
 * Once per `vitest run`: finds the services (set by scripts/with-services.ts, or found/started
 * here when vitest was run directly), builds a migrated template database that every test file
 * copies, and hands both to the test files. The teardown drops everything this run created.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let services: Services | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    services = await ensureServices({ databaseUrl, redisUrl });
    ({ databaseUrl, redisUrl } = services);
  }
  const adminUrl = databaseUrl;
  const runId = newRunId();
  const template = `${TEMPLATE_PREFIX}${runId}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  try {
    await redis.connect();
    await removeLeftovers(adminUrl, redis);
    await withAdmin(adminUrl, (client) => createDatabase(client, template));
    const pool = createPool(withDatabase(adminUrl, template), 2);
    // The pool must be gone before files copy the template: CREATE DATABASE … TEMPLATE refuses
    // a source database that has other sessions.
    await migrate(pool).finally(() => pool.end());
  } catch (err) {
    redis.disconnect();
    await services?.stop();
    throw err;
  }

  project.provide('mwDatabaseUrl', adminUrl);
  project.provide('mwRedisUrl', redisUrl);
  project.provide('mwTemplateDatabase', template);
  project.provide('mwRunId', runId);

  return async () => {
    try {
      await withAdmin(adminUrl, async (client) => {
        for (const name of await databasesLike(client, `${DATABASE_PREFIX}${runId}_`)) {
          await dropDatabase(client, name);
        }
        await dropDatabase(client, template);
      });
      await cleanupPrefix(redis, `${REDIS_ROOT}:${runId}`);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
      await services?.stop();
    }
  };
}
