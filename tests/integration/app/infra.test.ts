import { readdir } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../../src/lib/db.js';
import { migrate, MIGRATIONS_DIR } from '../../../src/lib/migrate.js';
import { testContext } from '../../helpers/context.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { cleanupPrefix, scanKeys, testRedis, uniquePrefix } from '../../helpers/redis.js';

// The test infrastructure itself: per-file databases copied from a migrated template, the
// migration runner's lock, and Redis prefixes that leave nothing behind.

async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
}

describe('per-file databases', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
  });

  it('gives each call (one per test file) its own database, named after the run', async () => {
    const { runId } = testContext();
    expect(first.name).not.toBe(second.name);
    for (const db of [first, second]) {
      expect(db.name.startsWith(`mw_t_${runId}_`)).toBe(true);
      const { rows } = await db.pool.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0]?.db).toBe(db.name);
    }
    await first.pool.query(
      `INSERT INTO models (id, name, task, spec) VALUES ('isolation-probe', 'probe', 'regression', '{}')`,
    );
    const seen = await second.pool.query(`SELECT 1 FROM models WHERE id = 'isolation-probe'`);
    expect(seen.rowCount).toBe(0);
  });

  it('starts migrated: every migration recorded, models present, predictions partitioned by range', async () => {
    const { rows: applied } = await first.pool.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(applied.map((r) => r.name)).toEqual(await migrationFiles());
    const { rows } = await first.pool.query<{ relname: string; relkind: string; strategy: string | null }>(
      `SELECT c.relname, c.relkind::text AS relkind, p.partstrat::text AS strategy
         FROM pg_class c LEFT JOIN pg_partitioned_table p ON p.partrelid = c.oid
        WHERE c.relname IN ('models', 'predictions') AND c.relnamespace = 'public'::regnamespace
        ORDER BY c.relname`,
    );
    expect(rows).toEqual([
      { relname: 'models', relkind: 'r', strategy: null },
      { relname: 'predictions', relkind: 'p', strategy: 'r' },
    ]);
  });

  it('drops a database and ends its pool on drop()', async () => {
    const scratch = await freshDatabase({ migrated: false });
    await scratch.drop();
    const { rowCount } = await first.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      scratch.name,
    ]);
    expect(rowCount).toBe(0);
    expect(scratch.pool.ended).toBe(true);
  });
});

describe('migrations under concurrency', () => {
  it('applies each file once when two runners start together on an empty database', async () => {
    const empty = await freshDatabase({ migrated: false });
    const otherPool = createPool(empty.url, 2);
    try {
      const [a, b] = await Promise.all([migrate(empty.pool), migrate(otherPool)]);
      const files = await migrationFiles();
      // The advisory lock serialises the runners: one applies everything, the other finds it done.
      expect([...a.applied, ...b.applied].sort()).toEqual(files);
      expect(Math.min(a.applied.length, b.applied.length)).toBe(0);
      const { rows } = await empty.pool.query<{ name: string; n: number }>(
        'SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY name',
      );
      expect(rows).toEqual(files.map((name) => ({ name, n: 1 })));
      const again = await migrate(otherPool);
      expect(again).toEqual({ applied: [], alreadyApplied: files.length });
    } finally {
      await otherPool.end();
    }
  });
});

describe('Redis prefixes', () => {
  const redis = testRedis();

  it('removes every key a BullMQ queue made under the prefix and nothing outside it', async () => {
    const prefix = uniquePrefix();
    const neighbour = uniquePrefix();
    expect(prefix).not.toBe(neighbour);
    const queue = new Queue('infra-probe', { connection: redis, prefix });
    await queue.add('probe', { n: 1 });
    await queue.close();
    await redis.set(`${neighbour}:keep`, '1');

    const before = await scanKeys(redis, `${prefix}:*`);
    expect(before.length).toBeGreaterThan(0);
    expect(await cleanupPrefix(redis, prefix)).toBe(before.length);
    expect(await scanKeys(redis, `${prefix}:*`)).toEqual([]);
    expect(await redis.get(`${neighbour}:keep`)).toBe('1');

    await cleanupPrefix(redis, neighbour);
    expect(await redis.exists(`${neighbour}:keep`)).toBe(0);
  });
});
