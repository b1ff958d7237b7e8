import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../src/lib/migrate.js';
import { freshDatabase, type TestDatabase } from './db.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A fresh database migrated by every migration before `first` (`'0017'`), for a test of what
 * migration `first` does to rows made before it. `migrate(db.pool)` then applies the rest.
 */
export async function databaseMigratedBefore(first: string): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-migrations-'));
  dirs.push(dir);
  for (const file of await readdir(MIGRATIONS_DIR)) {
    if (file < first) await cp(join(MIGRATIONS_DIR, file), join(dir, file));
  }
  const db = await freshDatabase({ migrated: false });
  await migrate(db.pool, undefined, dir);
  return db;
}
