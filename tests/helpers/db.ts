import { afterAll } from 'vitest';
import { createPool, type Pool } from '../../src/lib/db.js';
import { withDatabase } from '../../src/lib/local-postgres.js';
import { testContext } from './context.js';
import { DATABASE_PREFIX, randomSuffix } from './naming.js';
import { createDatabase, dropDatabase, withAdmin } from './pg-admin.js';

export interface TestDatabase {
  /** `mw_t_<runId>_<random>`. */
  name: string;
  url: string;
  /** A pool on the database (src/lib/db.ts createPool), ended by drop(). */
  pool: Pool;
  /** Ends the pool and drops the database; idempotent. Runs by itself after the file's tests. */
  drop(): Promise<void>;
}

export interface FreshDatabaseOptions {
  /** Copy of the migrated template (default), or an empty database (for migration tests). */
  migrated?: boolean;
  poolMax?: number;
}

const live = new Set<TestDatabase>();

// Registered when a test file imports this module, so it runs after that file's tests (an
// afterAll registered from inside beforeAll would never run). With `--no-isolate` only the first
// file of a worker gets it; the global teardown then drops the rest with the run's leftovers.
afterAll(async () => {
  await Promise.all([...live].map((db) => db.drop()));
});

/**
 * A database of its own for a test file: `CREATE DATABASE … TEMPLATE <migrated template>`,
 * about 10–50 ms. Call it in beforeAll; it is dropped after the file's tests.
 */
export async function freshDatabase(options: FreshDatabaseOptions = {}): Promise<TestDatabase> {
  const context = testContext();
  const name = `${DATABASE_PREFIX}${context.runId}_${randomSuffix()}`;
  const template = options.migrated === false ? undefined : context.templateDatabase;
  await withAdmin(context.databaseUrl, (client) => createDatabase(client, name, template));
  const url = withDatabase(context.databaseUrl, name);
  const pool = createPool(url, options.poolMax ?? 5);
  // An idle client whose server connection dies (a test stopping Postgres) must not crash the worker.
  pool.on('error', () => undefined);
  let dropping: Promise<void> | undefined;
  const db: TestDatabase = {
    name,
    url,
    pool,
    drop: () =>
      (dropping ??= (async () => {
        live.delete(db);
        await pool.end().catch(() => undefined);
        await withAdmin(context.databaseUrl, (client) => dropDatabase(client, name));
      })()),
  };
  live.add(db);
  return db;
}
