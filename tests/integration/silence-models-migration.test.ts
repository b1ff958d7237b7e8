// Migration 0011 fills silences.models for silences made before it, in SQL. The rule it applies
// is pinnedModels() (src/modules/alerting/silences.match.ts): this checks the two agree.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../src/lib/migrate.js';
import { pinnedModels } from '../../src/modules/alerting/silences.match.js';
import type { Matcher } from '../../src/modules/alerting/silences.schemas.js';
import { freshDatabase } from '../helpers/db.js';

const CASES: Matcher[][] = [
  [{ name: 'model', op: '=', value: 'a' }],
  [
    { name: 'model', op: '=', value: 'b' },
    { name: 'model', op: '=', value: 'a' },
    { name: 'severity', op: '=~', value: 'crit.*' },
  ],
  [{ name: 'severity', op: '=', value: 'critical' }],
  [{ name: 'model', op: '=~', value: 'a' }],
  [{ name: 'model', op: '!=', value: 'b' }],
  [
    { name: 'model', op: '=', value: 'a' },
    { name: 'model', op: '!~', value: 'b.*' },
  ],
  [{ name: 'modelx', op: '=', value: 'a' }],
];

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('fills the pinned models of existing silences as pinnedModels() computes them', async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-migrations-'));
  for (const file of await readdir(MIGRATIONS_DIR)) {
    if (file < '0011') await cp(join(MIGRATIONS_DIR, file), join(dir, file));
  }
  const db = await freshDatabase({ migrated: false });
  await migrate(db.pool, undefined, dir);
  for (const [i, matchers] of CASES.entries()) {
    await db.pool.query(
      `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment)
       VALUES ($1, $2, now(), now() + interval '1 hour', 'test', 'before 0011')`,
      [`s${i}`, JSON.stringify(matchers)],
    );
  }
  const result = await migrate(db.pool);
  expect(result.applied).toContain('0011_silence_models.sql');
  const { rows } = await db.pool.query<{ id: string; models: string[] | null }>(
    'SELECT id, models FROM silences ORDER BY id',
  );
  expect(rows.map((r) => r.models)).toEqual(CASES.map(pinnedModels));
  expect(rows.map((r) => r.models)).toContainEqual(['a', 'b']);
  expect(rows.filter((r) => r.models === null)).toHaveLength(5);
});
