/**
 * Governance records on the model (docs/inventory.md): each field validated with a problem that
 * points at it, every change audited; the lifecycle's moves, who made them and when, the moves it
 * refuses, and the inventory as of a past time; models registered before lifecycles start in
 * production with the move in the audit chain (migrations/0016).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/modules/audit/audit.chain.js';
import type { Model } from '../../../src/modules/models/models.schemas.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/problem.js';

let db: TestDatabase;
let t: TestApp;

const base = {
  name: 'credit',
  task: 'binary_classification',
  features: [{ name: 'age', type: 'numerical' }],
};
const governance = {
  purpose: 'Decide credit line increases',
  intendedUse: 'Existing customers in the retail book',
  restrictions: 'Not for new-to-bank applicants',
  businessOwner: 'Retail credit',
  developerTeam: 'Risk ML',
  validator: 'Model validation (2nd line)',
  validation: {
    lastCompleted: '2026-06-01',
    nextDue: '2027-06-01',
    outcome: 'passed_with_findings',
    reportUrl: 'https://docs.example/val/42',
  },
  approval: { status: 'approved', approver: 'Model risk committee', date: '2026-06-15' },
  trainingData: 's3://datasets/credit/2026-05',
  trainingDataFingerprint: `sha256:${'ab'.repeat(32)}`,
  artifact: { uri: 's3://models/credit/7/model.onnx', hash: `sha256:${'cd'.repeat(32)}` },
  codeVersion: 'git:4f2c1e9',
  upstream: ['core-banking.accounts', 'bureau.scores'],
  downstream: ['limits-service'],
  regulatoryClass: ['eu-ai-act:high-risk', 'sr-11-7:tier-1'],
};

const putModel = (id: string, payload: object) =>
  t.request(t.adminKey, { method: 'PUT', url: `/v1/models/${id}`, payload });
const move = (id: string, status: string, comment = '') =>
  t.request(t.adminKey, { method: 'POST', url: `/v1/models/${id}/lifecycle`, payload: { status, comment } });

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
});
afterAll(() => t.close());

describe('governance fields', () => {
  it('are stored and returned as sent', async () => {
    const res = await putModel('credit', { ...base, ...governance });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Model>()).toMatchObject(governance);
  });

  it.each([
    [
      'a hash without its algorithm',
      { artifact: { uri: 's3://m', hash: 'cd'.repeat(32) } },
      '/artifact/hash',
    ],
    [
      'a fingerprint in capitals',
      { trainingDataFingerprint: `sha256:${'AB'.repeat(32)}` },
      '/trainingDataFingerprint',
    ],
    ['a date that is not one', { validation: { nextDue: '2027-02-30' } }, '/validation/nextDue'],
    [
      'a next validation before the last',
      { validation: { lastCompleted: '2026-06-01', nextDue: '2026-05-01' } },
      '/validation/nextDue',
    ],
    ['an unknown outcome', { validation: { outcome: 'ok' } }, '/validation/outcome'],
    ['an approval without a status', { approval: { approver: 'x' } }, '/approval/status'],
    ['a report link that is not a URL', { validation: { reportUrl: 'see wiki' } }, '/validation/reportUrl'],
    ['a repeated upstream source', { upstream: ['a', 'a'] }, '/upstream'],
    ['an empty purpose', { purpose: '' }, '/purpose'],
  ])('refuse %s, pointing at it', async (_what, field, pointer) => {
    const res = await putModel('bad', { ...base, ...field });
    expectProblem(res, 400);
    expect(res.json<{ errors: { pointer: string }[] }>().errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('every change is audited with the path it changed', async () => {
    await putModel('credit', { ...base, ...governance, validator: 'External validator' });
    const audit = await t.request(t.adminKey, { method: 'GET', url: '/v1/models/credit/audit?limit=1' });
    const [entry] = audit.json<{
      items: { action: string; changes: { path: string; before: unknown; after: unknown }[] }[];
    }>().items;
    expect(entry).toMatchObject({
      action: 'replaced',
      changes: [{ path: '/validator', before: 'Model validation (2nd line)', after: 'External validator' }],
    });
  });
});

describe('the lifecycle', () => {
  it('starts in development and records who moved it and when', async () => {
    await putModel('lc', base);
    const created = (await t.request(t.adminKey, { method: 'GET', url: '/v1/models/lc' })).json<Model>();
    expect(created.lifecycle).toEqual({ status: 'development', changedBy: null, changedAt: null });
    const res = await move('lc', 'validation', 'ready for review');
    expect(res.statusCode, res.body).toBe(200);
    const { lifecycle } = res.json<Model>();
    expect(lifecycle).toMatchObject({ status: 'validation', changedBy: 'bootstrap' });
    const audit = await t.request(t.adminKey, { method: 'GET', url: '/v1/models/lc/audit?limit=1' });
    expect(audit.json<{ items: { at: string }[] }>().items[0]).toMatchObject({
      action: 'lifecycle_moved',
      changes: [{ path: '/lifecycle/status', before: 'development', after: 'validation' }],
      at: lifecycle.changedAt,
    });
  });

  it('refuses moves it does not allow, naming the allowed ones', async () => {
    const res = await move('lc', 'production');
    expectProblem(res, 409);
    expect(res.json<{ detail: string }>().detail).toBe(
      'Model "lc" is validation; it may move to approved, development, retired.',
    );
    for (const status of ['approved', 'production', 'restricted', 'retired']) {
      expect((await move('lc', status)).statusCode).toBe(200);
    }
    expect((await move('lc', 'production')).json<{ detail: string }>().detail).toMatch(/retired is final/);
    expect((await move('lc', 'launched')).statusCode).toBe(400);
  });

  it('reads as it was at any past time', async () => {
    const audit = await t.request(t.adminKey, { method: 'GET', url: '/v1/models/lc/audit?limit=500' });
    const moves = audit
      .json<{ items: { action: string; at: string; changes: { after: string }[] }[] }>()
      .items.filter((e) => e.action === 'lifecycle_moved')
      .reverse();
    // Five moves from the tests above: to validation, approved, production, restricted, retired.
    expect(moves).toHaveLength(5);
    for (const m of moves) {
      const then = await t.request(t.adminKey, {
        method: 'GET',
        url: `/v1/models?asOf=${encodeURIComponent(m.at)}`,
      });
      const lc = then.json<{ items: Model[] }>().items.find((x) => x.id === 'lc')!;
      expect(lc.lifecycle).toMatchObject({ status: m.changes[0]!.after, changedAt: m.at });
    }
    expect(await verifyAuditChain(db.pool)).toMatchObject({ broken: null });
  });

  it('models registered before lifecycles start in production, the move chained', async () => {
    const fresh = await freshDatabase();
    await fresh.pool.query(
      `INSERT INTO models (id, name, task, spec, tags) VALUES ('old', 'old', 'regression', $1, '{}'::jsonb)`,
      [JSON.stringify({ ...base, task: 'regression' })],
    );
    await fresh.pool.query(
      await readFile(new URL('../../../migrations/0016_model_lifecycle.sql', import.meta.url), 'utf8'),
    );
    const { rows } = await fresh.pool.query('SELECT lifecycle_status, lifecycle_changed_by FROM models');
    expect(rows).toEqual([{ lifecycle_status: 'production', lifecycle_changed_by: 'migration' }]);
    expect(await verifyAuditChain(fresh.pool)).toMatchObject({ entries: 1, broken: null });
  });
});
