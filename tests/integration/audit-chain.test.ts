/**
 * The audit log's hash chain (src/modules/audit/README.md "Chain", migrations/0014): entries
 * written through the API chain in id order, also when many are written at once; `audit verify`
 * (auditCommand) finds an edited entry, a removed one, and one whose hash was recomputed without
 * the entries after it. Each tampering is undone before the next, so each test sees one break.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/audit.js';
import { verifyAuditChain } from '../../src/modules/audit/audit.chain.js';
import { createApiKey } from '../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let t: TestApp;

const spec = (threshold: number) => ({
  name: 'chain',
  task: 'binary_classification',
  features: [{ name: 'age', type: 'numerical', drift: { threshold } }],
});
const putModel = (id: string, threshold = 0.1) =>
  t.request(t.adminKey, { method: 'PUT', url: `/v1/models/${id}`, payload: spec(threshold) });

async function verify(): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await auditCommand(['verify'], {
    pool: db.pool,
    out: (s) => (out += s),
    err: (s) => (out += s),
  });
  return { code, out };
}

const ids = async () =>
  (await db.pool.query<{ id: string }>('SELECT id FROM audit_log ORDER BY id')).rows.map((r) => Number(r.id));

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
  for (const [id, threshold] of [
    ['a', 0.1],
    ['a', 0.2],
    ['b', 0.1],
  ] as const) {
    expect((await putModel(id, threshold)).statusCode).toBeLessThan(300);
  }
  await createApiKey(t, { scopes: ['read'], name: 'auditor' });
  // Twenty changes at once: the lock must keep each entry chained to the one before it.
  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => putModel(`m${i}`)));
  expect(many.every((r) => r.statusCode === 201)).toBe(true);
});
afterAll(() => t.close());

describe('the audit chain', () => {
  it('holds over every entry written, sequential and concurrent', async () => {
    const report = await verifyAuditChain(db.pool);
    expect(report.broken).toBeNull();
    expect(report.entries).toBe((await ids()).length);
    expect(report.entries).toBeGreaterThanOrEqual(24);
    const { code, out } = await verify();
    expect(code).toBe(0);
    expect(out).toBe(`audit chain intact: ${report.entries} entries, head ${report.head}\n`);
  });

  it('an edited entry is named, with the entries before it still holding', async () => {
    const [, second] = await ids();
    const { rows } = await db.pool.query<{ actor: string }>('SELECT actor FROM audit_log WHERE id = $1', [
      second,
    ]);
    await db.pool.query(`UPDATE audit_log SET actor = 'someone-else' WHERE id = $1`, [second]);
    const { code, out } = await verify();
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(`^audit chain BROKEN at entry ${second}: content changed \\(1 entries before it hold`),
    );
    await db.pool.query('UPDATE audit_log SET actor = $2 WHERE id = $1', [second, rows[0]!.actor]);
    expect((await verifyAuditChain(db.pool)).broken).toBeNull();
  });

  it('an edit whose hash was recomputed breaks the link of the entry after it', async () => {
    const [, , third, fourth] = await ids();
    await db.pool.query(`UPDATE audit_log SET changes = '[]'::jsonb WHERE id = $1`, [third]);
    await db.pool.query(
      `UPDATE audit_log SET hash = sha256(coalesce(prev_hash, ''::bytea) || convert_to(audit_entry_text(
         id, model_id, api_key_id, action, actor, at, changes, before, after), 'UTF8')) WHERE id = $1`,
      [third],
    );
    expect((await verifyAuditChain(db.pool)).broken).toEqual({
      id: fourth,
      reason: 'previous entry changed or removed',
    });
  });

  it('a removed entry breaks the link of the entry after it', async () => {
    const fresh = await freshDatabase();
    const app = await createTestApp({ databaseUrl: fresh.url });
    try {
      for (const id of ['x', 'y', 'z']) {
        await app.request(app.adminKey, { method: 'PUT', url: `/v1/models/${id}`, payload: spec(0.1) });
      }
      const { rows } = await fresh.pool.query<{ id: string }>('SELECT id FROM audit_log ORDER BY id');
      const [, middle, last] = rows.map((r) => Number(r.id));
      await fresh.pool.query('DELETE FROM audit_log WHERE id = $1', [middle]);
      expect((await verifyAuditChain(fresh.pool)).broken).toEqual({
        id: last,
        reason: 'previous entry changed or removed',
      });
    } finally {
      await app.close();
    }
  });
});

describe('the migration', () => {
  it('chains the entries written before it, in id order', async () => {
    const fresh = await freshDatabase();
    await fresh.pool.query(
      `INSERT INTO audit_log (model_id, action, actor, changes)
       VALUES ('old', 'created', 'cli', '[]'), ('old', 'replaced', 'cli', '[{"path": "/x", "after": 1}]'),
              ('old', 'archived', 'k1', '[]')`,
    );
    expect((await verifyAuditChain(fresh.pool)).broken).toMatchObject({ reason: 'hash missing' });
    await fresh.pool.query(
      await readFile(new URL('../../migrations/0014_audit_chain.sql', import.meta.url), 'utf8'),
    );
    expect(await verifyAuditChain(fresh.pool)).toMatchObject({ entries: 3, broken: null });
  });
});

describe('the command', () => {
  it('says how to use it', async () => {
    let err = '';
    const code = await auditCommand(['check'], { pool: db.pool, out: () => {}, err: (s) => (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('modelwatch audit verify');
  });
});
