// Migration 0011 fills silences.models for silences made before it, in SQL. The rule it applies
// is pinnedModels() (src/modules/alerting/silences/silences.match.ts): this checks the two agree.
import { expect, it } from 'vitest';
import { migrate } from '../../../../src/lib/migrate.js';
import { pinnedModels } from '../../../../src/modules/alerting/silences/silences.match.js';
import type { Matcher } from '../../../../src/modules/alerting/silences/silences.schemas.js';
import { databaseMigratedBefore } from '../../../helpers/migrated-before.js';

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

it('fills the pinned models of existing silences as pinnedModels() computes them', async () => {
  const db = await databaseMigratedBefore('0011');
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
