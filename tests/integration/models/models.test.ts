import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type IssuedKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';

let db: TestDatabase;
let t: TestApp;
let admin: IssuedKey;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
  admin = await createApiKey(t, { scopes: ['admin'], name: 'registry admin' });
});
afterAll(async () => {
  await t.close();
});

const creditRisk = {
  name: 'Credit risk',
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'country', type: 'categorical', drift: { method: 'psi', threshold: 0.2 } },
  ],
  positiveClass: 1,
  owner: 'risk-models',
  description: 'Probability of default within 12 months',
  trainingData: 'warehouse.loans_2025q3',
  riskTier: 'high',
  tags: { domain: 'lending' },
};

interface ModelBody {
  id: string;
  schemaVersion: number;
  updatedAt: string;
  archivedAt: string | null;
  features: { name: string; type: string; nullable: boolean }[];
  [field: string]: unknown;
}
interface AuditBody {
  items: {
    id: number;
    action: string;
    actor: string;
    at: string;
    changes: { path: string; before?: unknown; after?: unknown }[];
  }[];
  nextCursor: string | null;
}

const put = (id: string, body: unknown, key = admin.key) =>
  t.request(key, { method: 'PUT', url: `/v1/models/${id}`, payload: body as object });
const get = (url: string, key = admin.key) => t.request(key, { method: 'GET', url });
const audit = async (id: string, query = '') =>
  (await get(`/v1/models/${id}/audit${query}`)).json<AuditBody>();

describe('PUT /v1/models/{modelId}', () => {
  it('creates a model (201) with defaults filled in and the registry fields', async () => {
    const res = await put('credit-risk', creditRisk);
    expect(res.statusCode).toBe(201);
    const model = res.json<ModelBody>();
    expect(model).toMatchObject({ ...creditRisk, id: 'credit-risk', schemaVersion: 1, archivedAt: null });
    expect(model.features[0]!.nullable).toBe(true);
    expect(model).toMatchObject({ decisionThreshold: 0.5, links: {} });
    expect(model).not.toHaveProperty('status');
  });

  it('is idempotent: an identical PUT answers 200 and writes nothing', async () => {
    const before = await audit('credit-risk');
    const first = (await get('/v1/models/credit-risk')).json<ModelBody>();
    const res = await put('credit-risk', creditRisk);
    expect(res.statusCode).toBe(200);
    expect(res.json<ModelBody>().updatedAt).toBe(first.updatedAt);
    expect((await audit('credit-risk')).items).toEqual(before.items);
  });

  it('replaces inventory fields without a new schema version, recording the diff and the actor', async () => {
    const res = await put('credit-risk', {
      ...creditRisk,
      description: 'PD, 12 months',
      riskTier: 'critical',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<ModelBody>()).toMatchObject({ schemaVersion: 1, riskTier: 'critical' });
    const [latest] = (await audit('credit-risk')).items;
    expect(latest).toMatchObject({ action: 'replaced', actor: admin.id });
    expect(latest!.changes).toEqual([
      { path: '/description', before: creditRisk.description, after: 'PD, 12 months' },
      { path: '/riskTier', before: 'high', after: 'critical' },
    ]);
  });

  it('bumps the schema version when what validates events changes', async () => {
    const features = [{ name: 'age', type: 'categorical' }, creditRisk.features[1]];
    const res = await put('credit-risk', {
      ...creditRisk,
      description: 'PD, 12 months',
      riskTier: 'critical',
      features,
    });
    expect(res.json<ModelBody>().schemaVersion).toBe(2);
    const [latest] = (await audit('credit-risk')).items;
    expect(latest!.changes).toEqual([
      { path: '/features/0/type', before: 'numerical', after: 'categorical' },
    ]);
    const threshold = [features[0], { ...creditRisk.features[1], drift: { method: 'psi', threshold: 0.3 } }];
    const again = await put('credit-risk', {
      ...creditRisk,
      description: 'PD, 12 months',
      riskTier: 'critical',
      features: threshold,
    });
    expect(again.json<ModelBody>().schemaVersion).toBe(2);
  });

  it('records the creation with every field of the spec', async () => {
    await put('audited', { ...creditRisk, name: 'Audited' });
    const { items } = await audit('audited');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: 'created', actor: admin.id });
    expect(items[0]!.changes.map((c) => c.path)).toEqual([
      '/decisionThreshold',
      '/description',
      '/features',
      '/links',
      '/name',
      '/owner',
      '/positiveClass',
      '/riskTier',
      '/tags',
      '/task',
      '/trainingData',
    ]);
    expect(items[0]!.changes.find((c) => c.path === '/name')).toEqual({ path: '/name', after: 'Audited' });
  });

  it('answers 400 problem+json with a pointer for each invalid field', async () => {
    const res = await put('bad-model', {
      ...creditRisk,
      task: 'multiclass_classification',
      features: [
        { name: 'age', type: 'numerical' },
        { name: 'x', type: 'text' },
      ],
      riskTier: 'extreme',
    });
    const body = expectProblem(res, 400);
    const pointers = body.errors!.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/classes', '/features/1/type', '/riskTier']);
    expect(body.errors!.every((e) => e.location === 'body')).toBe(true);
    expectProblem(await put('bad-model', { name: 'No task', features: [] }), 400);
    const param = expectProblem(await put('Bad_Id', creditRisk), 400);
    expect(param.errors![0]).toMatchObject({ pointer: '/modelId', location: 'params' });
    expectProblem(await get('/v1/models/bad-model'), 404);
  });

  it('keeps one model when two first PUTs race', async () => {
    const [a, b] = await Promise.all([
      put('racy', creditRisk),
      put('racy', { ...creditRisk, owner: 'other' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const actions = (await audit('racy')).items.map((e) => e.action).sort();
    expect(actions).toEqual(['created', 'replaced']);
  });
});

describe('scopes and model limits', () => {
  it('lets read keys read but not write, and ingest keys do neither', async () => {
    const read = await createApiKey(t, { scopes: ['read'] });
    const ingest = await createApiKey(t, { scopes: ['ingest'] });
    expect((await get('/v1/models/credit-risk', read.key)).statusCode).toBe(200);
    expectProblem(await put('credit-risk', creditRisk, read.key), 403);
    expectProblem(await t.request(read.key, { method: 'DELETE', url: '/v1/models/credit-risk' }), 403);
    expectProblem(await get('/v1/models/credit-risk', ingest.key), 403);
    expectProblem(await get('/v1/models', ingest.key), 403);
  });

  it('hides every other model from a key limited to one', async () => {
    await put('team-a', { ...creditRisk, name: 'A' });
    await put('team-b', { ...creditRisk, name: 'B' });
    const readA = await createApiKey(t, { scopes: ['read'], models: ['team-a'] });
    const adminA = await createApiKey(t, { scopes: ['admin'], models: ['team-a'] });
    expect((await get('/v1/models/team-a', readA.key)).statusCode).toBe(200);
    for (const key of [readA.key, adminA.key]) {
      expectProblem(await get('/v1/models/team-b', key), 404);
      expectProblem(await get('/v1/models/team-b/audit', key), 404);
      expectProblem(await put('team-b', creditRisk, key), 404);
      expectProblem(await t.request(key, { method: 'DELETE', url: '/v1/models/team-b' }), 404);
      const ids = (await get('/v1/models?limit=500', key))
        .json<{ items: ModelBody[] }>()
        .items.map((m) => m.id);
      expect(ids).toEqual(['team-a']);
    }
    expect((await put('team-a', { ...creditRisk, name: 'A2' }, adminA.key)).statusCode).toBe(200);
    expect((await get('/v1/models/team-b')).statusCode).toBe(200);
  });
});

describe('DELETE /v1/models/{modelId}', () => {
  it('archives: hidden from reads and lists unless asked for, history kept, restored by PUT', async () => {
    await put('retired', creditRisk);
    const del = () => t.request(admin.key, { method: 'DELETE', url: '/v1/models/retired' });
    expect((await del()).statusCode).toBe(204);
    expectProblem(await get('/v1/models/retired'), 404);
    const archived = (await get('/v1/models/retired?includeArchived=true')).json<ModelBody>();
    expect(archived.archivedAt).toEqual(expect.any(String));

    const ids = async (q: string) =>
      (await get(`/v1/models?limit=500${q}`)).json<{ items: ModelBody[] }>().items.map((m) => m.id);
    expect(await ids('')).not.toContain('retired');
    expect(await ids('&includeArchived=true')).toContain('retired');

    expect((await del()).statusCode).toBe(204);
    const history = await audit('retired');
    expect(history.items.map((e) => e.action)).toEqual(['archived', 'created']);
    expect(history.items[0]!.changes).toEqual([
      { path: '/archivedAt', before: null, after: archived.archivedAt },
    ]);

    const restored = await put('retired', creditRisk);
    expect(restored.statusCode).toBe(200);
    expect(restored.json<ModelBody>().archivedAt).toBeNull();
    const [latest] = (await audit('retired')).items;
    expect(latest).toMatchObject({
      action: 'restored',
      changes: [{ path: '/archivedAt', before: archived.archivedAt, after: null }],
    });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM models WHERE id = $1', ['retired']);
    expect(rows[0].n).toBe(1);
  });

  it('answers 404 for an unknown model', async () => {
    expectProblem(await t.request(admin.key, { method: 'DELETE', url: '/v1/models/never-was' }), 404);
    expectProblem(await get('/v1/models/never-was/audit'), 404);
  });
});

describe('GET /v1/models', () => {
  beforeAll(async () => {
    for (const [i, owner, tags] of [
      [1, 'fraud-team', { domain: 'payments', env: 'prod' }],
      [2, 'fraud-team', { domain: 'payments', env: 'staging' }],
      [3, 'growth', { domain: 'marketing', env: 'prod' }],
      [4, 'growth', { domain: 'marketing' }],
      [5, 'fraud-team', {}],
    ] as const) {
      expect((await put(`page-${i}`, { ...creditRisk, name: `Page ${i}`, owner, tags })).statusCode).toBe(
        201,
      );
    }
  });

  type ListBody = { items: ModelBody[]; nextCursor: string | null };
  const list = async (query: string) => {
    const res = await get(`/v1/models?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ListBody>();
  };

  it('pages through every model in id order with an opaque cursor', async () => {
    const all = (await list('limit=500')).items.map((m) => m.id);
    expect(all).toEqual([...all].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: ListBody = await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((m) => m.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('filters by owner and by every tag given', async () => {
    const ids = async (q: string) => (await list(q)).items.map((m) => m.id);
    expect(await ids('owner=fraud-team')).toEqual(['page-1', 'page-2', 'page-5']);
    expect(await ids('tag=domain:payments')).toEqual(['page-1', 'page-2']);
    expect(await ids('tag=domain:marketing&tag=env:prod')).toEqual(['page-3']);
    expect(await ids('owner=growth&tag=env:prod')).toEqual(['page-3']);
    expect(await ids('tag=env:prod&tag=env:staging')).toEqual([]);
    expect(await ids('tag=constructor:x')).toEqual([]);
    expect(await ids('tag=__proto__:x')).toEqual([]);
  });

  it('rejects a bad limit, tag or cursor with 400 problem+json', async () => {
    const limit = expectProblem(await get('/v1/models?limit=501'), 400);
    expect(limit.errors![0]).toMatchObject({ pointer: '/limit', location: 'querystring' });
    expect(expectProblem(await get('/v1/models?tag=nocolon'), 400).errors![0]!.pointer).toBe('/tag');
    const cursor = expectProblem(await get('/v1/models?cursor=not-ours'), 400);
    expect(cursor.errors![0]).toMatchObject({ pointer: '/cursor', location: 'querystring' });
  });
});

describe('GET /v1/models/{modelId}/audit', () => {
  it('pages newest first', async () => {
    await put('busy', creditRisk);
    for (const description of ['one', 'two', 'three']) await put('busy', { ...creditRisk, description });
    const all = (await audit('busy', '?limit=500')).items;
    expect(all.map((e) => e.action)).toEqual(['replaced', 'replaced', 'replaced', 'created']);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const first = await audit('busy', '?limit=3');
    expect(first.items.map((e) => e.id)).toEqual(all.slice(0, 3).map((e) => e.id));
    const second = await audit('busy', `?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.id)).toEqual([all[3]!.id]);
    expect(second.nextCursor).toBeNull();
  });
});
