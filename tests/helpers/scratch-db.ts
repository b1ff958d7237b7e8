import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPool, type Pool } from '../../src/lib/db.js';
import { migrate } from '../../src/lib/migrate.js';

// Stand-in for tests/helpers/db.ts (freshDatabase from a migrated template) until it is merged.
const SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const live = new Set<ScratchDatabase>();
afterAll(async () => {
  await Promise.all([...live].map((db) => db.drop()));
});

/** A migrated database of the test file's own, dropped after the file's tests. */
export async function freshDatabase(): Promise<ScratchDatabase> {
  const name = `mw_t_f1_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = SERVER_URL.replace(/\/postgres$/, `/${name}`);
  const pool = createPool(url, 5);
  await migrate(pool);
  const db: ScratchDatabase = {
    url,
    pool,
    async drop() {
      if (!live.delete(db)) return;
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
  live.add(db);
  return db;
}
