/**
 * The audit log's hash chain (src/modules/audit/README.md "Chain", migrations/0014): entries
 * written through the API chain in id order, also when many are written at once; `audit verify`
 * (auditCommand) finds an edited entry, a removed one, and one whose hash was recomputed without
 * the entries after it. Each tampering is undone before the next, so each test sees one break.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../../src/cli/audit.js';
import { verifyAuditChain } from '../../../src/modules/audit/audit.chain.js';
import { ENTRY_HASH_SQL } from '../../../src/modules/audit/audit.store.js';
import {
  ALERTING_TEST_ENV,
  disableDefaultRules,
  evaluate,
  put,
  registerModel,
} from '../../helpers/alerting.js';
import { createApiKey } from '../../helpers/api-keys.js';
import { snapshot } from '../../helpers/evaluation-snapshot.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';

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
    await db.pool.query(`UPDATE audit_log SET hash = ${ENTRY_HASH_SQL} WHERE id = $1`, [third]);
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

describe('what the chain records beyond models and keys', () => {
  it('rules, channels, silences and acknowledgements, each chained, read through GET /v1/audit', async () => {
    const fresh = await freshDatabase();
    const app = await createTestApp({ databaseUrl: fresh.url, env: ALERTING_TEST_ENV });
    try {
      await registerModel(app, 'credit-risk');
      await disableDefaultRules(app);
      await put(app, '/v1/channels/ops', { type: 'webhook', url: 'http://127.0.0.1:9/hook' });
      await put(app, '/v1/channels/ops', { type: 'webhook', url: 'http://127.0.0.1:9/other' });
      await put(app, '/v1/alert-rules/share', {
        condition: { kind: 'dataset_drift_share' },
        comparator: '>=',
        threshold: 0.5,
        channels: ['ops'],
        annotations: { summary: 'drift' },
      });
      const fired = await evaluate(app, snapshot({ datasetDriftShare: 0.8 }));
      const alertId = fired.alerts[0]!.id;
      const ack = await app.request(app.adminKey, {
        method: 'POST',
        url: `/v1/alerts/${alertId}/ack`,
        payload: { comment: 'on it' },
      });
      expect(ack.statusCode, ack.body).toBe(201);
      const silence = await app.request(app.adminKey, {
        method: 'POST',
        url: '/v1/silences',
        payload: {
          matchers: [{ name: 'model', op: '=', value: 'credit-risk' }],
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          comment: 'maintenance',
        },
      });
      expect(silence.statusCode, silence.body).toBe(201);
      const silenceId = silence.json<{ id: string }>().id;
      await app.request(app.adminKey, { method: 'DELETE', url: `/v1/silences/${silenceId}` });
      await app.request(app.adminKey, { method: 'DELETE', url: '/v1/alert-rules/share' });
      await app.request(app.adminKey, { method: 'DELETE', url: '/v1/channels/ops' });

      const res = await app.request(app.adminKey, { method: 'GET', url: '/v1/audit?limit=500' });
      expect(res.statusCode, res.body).toBe(200);
      const entries = res.json<{ items: { action: string; subject: string | null; changes: unknown[] }[] }>()
        .items;
      // disableDefaultRules' changes to the built-in rules are audited too; this test's are the rest.
      const actions = entries
        .filter((e) => e.subject !== null && !e.subject.startsWith('rule:default-'))
        .map((e) => `${e.action} ${e.subject}`);
      expect(actions.reverse()).toEqual([
        'channel_set channel:ops',
        'channel_set channel:ops',
        'rule_set rule:share',
        `alert_acknowledged alert:${alertId}`,
        `silence_created silence:${silenceId}`,
        `silence_expired silence:${silenceId}`,
        'rule_removed rule:share',
        'channel_removed channel:ops',
      ]);
      // The second channel_set records what changed: where it delivers, never a secret.
      const changed = entries.find((e) => e.action === 'channel_set')!;
      expect(changed.changes).toEqual([expect.objectContaining({ path: '/destination' })]);
      expect(JSON.stringify(entries)).not.toMatch(/whsec_/);
      const rule = await app.request(app.adminKey, { method: 'GET', url: '/v1/audit?subject=rule:share' });
      expect(rule.json<{ items: unknown[] }>().items).toHaveLength(2);
      expect(await verifyAuditChain(fresh.pool)).toMatchObject({ broken: null });
      // A key limited to a model sees only that model's entries.
      const { key } = await createApiKey(app, { scopes: ['admin'], models: ['credit-risk'] });
      const limited = await app.request(key, { method: 'GET', url: '/v1/audit?limit=500' });
      const seen = limited.json<{ items: { modelId: string | null }[] }>().items;
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((e) => e.modelId === 'credit-risk')).toBe(true);
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
      await readFile(new URL('../../../migrations/0014_audit_chain.sql', import.meta.url), 'utf8'),
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
