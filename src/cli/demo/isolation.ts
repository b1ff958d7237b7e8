import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from '../../config.js';
import { ensureDatabase, withDatabase } from '../../lib/local-postgres.js';
import type { ShutdownStep } from '../../lib/shutdown.js';

/**
 * The demo keeps to a database and a Redis key prefix of its own (`modelwatch_demo` unless
 * --database names another), on whichever servers the service would use, so that it never writes
 * into a modelwatch's real data and two demos on one host (with different --database) do not
 * share queues. Unless --keep, both are removed when the demo stops.
 */
export const DEMO_DATABASE = 'modelwatch_demo';

/** The queue prefix of a demo database: a Redis Cluster hash tag, like the default `{mw}`. */
export const demoQueuePrefix = (database: string): string => `{${database}}`;

/** Config overrides that point the service at the demo's database and prefix. */
export async function isolateDemo(base: Config, database: string): Promise<Partial<Config>> {
  const QUEUE_PREFIX = demoQueuePrefix(database);
  if (!base.DATABASE_URL) return { QUEUE_PREFIX }; // found or started: startRoles names the database
  // A configured server: the demo's database on it, created if missing; never the configured one,
  // which the demo would drop when it stops.
  if (decodeURIComponent(new URL(base.DATABASE_URL).pathname.slice(1)) === database) {
    throw new Error(`--database ${database} is the database of DATABASE_URL: the demo needs one of its own`);
  }
  await ensureDatabase(base.DATABASE_URL, database);
  return { QUEUE_PREFIX, DATABASE_URL: withDatabase(base.DATABASE_URL, database) };
}

/**
 * The step that removes the demo's database and Redis keys: after the service has closed its own
 * connections, before local servers stop. Goes in front of "stop local services" when there is one.
 */
export function dropDemoDataStep(databaseUrl: string, redisUrl: string, prefix: string): ShutdownStep {
  return {
    name: 'remove the demo database and queues',
    run: async () => {
      const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
      const client = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        for (let cursor = '0'; ;) {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.unlink(...keys);
          if ((cursor = next) === '0') break;
        }
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Inserts `step` before the local servers stop (or last, when the service started none). */
export function beforeLocalServicesStop(steps: ShutdownStep[], step: ShutdownStep): void {
  const at = steps.findIndex((s) => s.name === 'stop local services');
  steps.splice(at === -1 ? steps.length : at, 0, step);
}
