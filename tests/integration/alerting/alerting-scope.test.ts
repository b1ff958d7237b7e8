// Issue 8, finding 4: alerting ignored key scope. A key limited to one model must only see, create,
// change or silence what concerns its models; what concerns the whole fleet needs an unlimited key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type IssuedKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { ALERTING_TEST_ENV, evaluate, put, registerModel } from '../../helpers/alerting.js';
import { freshDatabase } from '../../helpers/db.js';
import { snapshot } from '../../helpers/evaluation-snapshot.js';
import { expectProblem } from '../../helpers/problem.js';

let t: TestApp;
let teamAdmin: IssuedKey;
let teamReader: IssuedKey;

const rule = (models: object) => ({
  models,
  condition: { kind: 'dataset_drift_share' },
  comparator: '>=',
  threshold: 0.5,
  annotations: { summary: 'drift on {{model}}' },
});
const endsAt = () => new Date(Date.now() + 3_600_000).toISOString();
const silence = (matchers: object[]) => ({ matchers, endsAt: endsAt(), comment: 'maintenance' });

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  await registerModel(t, 'team-model');
  await registerModel(t, 'secret-model');
  teamAdmin = await createApiKey(t, { scopes: ['admin'], models: ['team-model'] });
  teamReader = await createApiKey(t, { scopes: ['read'], models: ['team-model'] });
  await put(t, '/v1/alert-rules/secret-rule', rule({ match: 'models', models: ['secret-model'] }));
  await put(t, '/v1/channels/ops', { type: 'webhook', url: 'http://127.0.0.1:9/hook' });
  const created = await t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/silences',
    payload: silence([{ name: 'model', value: 'secret-model' }]),
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(() => t.close());

const as = (key: IssuedKey, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.request(key.key, { method, url, ...(payload ? { payload } : {}) });

describe('a key limited to one model (admin scope)', () => {
  it('cannot create a rule that selects another model, every model, or models by tag', async () => {
    for (const models of [
      { match: 'models', models: ['secret-model'] },
      { match: 'models', models: ['team-model', 'secret-model'] },
      { match: 'all' },
      { match: 'tags', tags: { team: 'x' } },
    ]) {
      expectProblem(await as(teamAdmin, 'PUT', '/v1/alert-rules/mine', rule(models)), 403);
    }
    const own = await as(
      teamAdmin,
      'PUT',
      '/v1/alert-rules/mine',
      rule({ match: 'models', models: ['team-model'] }),
    );
    expect(own.statusCode, own.body).toBe(201);
  });

  it('cannot replace or delete a rule of another model, and cannot touch the default rules', async () => {
    const takeover = rule({ match: 'models', models: ['team-model'] });
    expectProblem(await as(teamAdmin, 'PUT', '/v1/alert-rules/secret-rule', takeover), 409);
    expectProblem(await as(teamAdmin, 'DELETE', '/v1/alert-rules/secret-rule'), 404);
    const builtin = (
      await t.request(t.adminKey, { method: 'GET', url: '/v1/alert-rules/default-dataset-drift' })
    ).json<Record<string, unknown>>();
    const { id: _i, builtin: _b, createdAt: _c, updatedAt: _u, updatedBy: _by, ...spec } = builtin;
    expectProblem(
      await as(teamAdmin, 'PUT', '/v1/alert-rules/default-dataset-drift', { ...spec, enabled: false }),
      403,
    );
    expectProblem(await as(teamAdmin, 'DELETE', '/v1/alert-rules/default-dataset-drift'), 404);
    const after = await t.request(t.adminKey, {
      method: 'GET',
      url: '/v1/alert-rules/default-dataset-drift',
    });
    expect(after.json()).toMatchObject({ enabled: true });
    expect(
      (await t.request(t.adminKey, { method: 'GET', url: '/v1/alert-rules/secret-rule' })).statusCode,
    ).toBe(200);
  });

  it('cannot silence another model or every model; can silence its own', async () => {
    for (const matchers of [
      [{ name: 'model', value: 'secret-model' }],
      [{ name: 'severity', value: 'critical' }],
      [{ name: 'model', op: '=~', value: 'team-model|secret-model' }],
      [{ name: 'model', op: '!=', value: 'team-model' }],
      [
        { name: 'model', value: 'team-model' },
        { name: 'model', op: '!=', value: 'secret-model' },
      ],
    ]) {
      expectProblem(await as(teamAdmin, 'POST', '/v1/silences', silence(matchers)), 403);
    }
    const own = await as(
      teamAdmin,
      'POST',
      '/v1/silences',
      silence([{ name: 'model', value: 'team-model' }]),
    );
    expect(own.statusCode, own.body).toBe(201);
  });

  it('cannot page from a silence of another model', async () => {
    // Newer than the team's own silence, so that paging from it would show the team's.
    const created = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/silences',
      payload: silence([{ name: 'model', value: 'secret-model' }]),
    });
    const page = (after: string) =>
      as(
        teamReader,
        'GET',
        `/v1/silences?cursor=${Buffer.from(JSON.stringify({ after })).toString('base64url')}`,
      );
    const foreign = await page(created.json<{ id: string }>().id);
    expect(foreign.statusCode).toBe(200);
    expect(foreign.body).toBe((await page('00000000-0000-4000-8000-000000000000')).body);
  });

  it('cannot expire a silence of another model', async () => {
    const foreign = (await t.request(t.adminKey, { method: 'GET', url: '/v1/silences' })).json<{
      items: { id: string; matchers: { value: string }[] }[];
    }>();
    const id = foreign.items.find((s) => s.matchers[0]!.value === 'secret-model')!.id;
    expectProblem(await as(teamAdmin, 'DELETE', `/v1/silences/${id}`), 404);
    expectProblem(await as(teamAdmin, 'GET', `/v1/silences/${id}`), 404);
    const still = await t.request(t.adminKey, { method: 'GET', url: `/v1/silences/${id}` });
    expect(still.json()).toMatchObject({ state: 'active' });
  });

  it('cannot take over, delete, read or test a channel', async () => {
    const takeover = { type: 'webhook', url: 'http://127.0.0.1:9/mine' };
    expectProblem(await as(teamAdmin, 'PUT', '/v1/channels/ops', takeover), 403);
    expectProblem(await as(teamAdmin, 'DELETE', '/v1/channels/ops'), 403);
    expectProblem(await as(teamAdmin, 'GET', '/v1/channels'), 403);
    expectProblem(await as(teamAdmin, 'POST', '/v1/channels/ops/test'), 403);
    const ops = await t.request(t.adminKey, { method: 'GET', url: '/v1/channels/ops' });
    expect(ops.json()).toMatchObject({ destination: 'http://127.0.0.1:9/hook' });
  });
});

describe('a key limited to one model (read scope)', () => {
  it('sees no other model through rule and silence lists', async () => {
    for (const url of ['/v1/alert-rules', '/v1/silences']) {
      const res = await as(teamReader, 'GET', url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('secret-model');
    }
    expectProblem(await as(teamReader, 'GET', '/v1/alert-rules/secret-rule'), 404);
  });

  it('still sees the rules and silences of its own model', async () => {
    const rules = (await as(teamReader, 'GET', '/v1/alert-rules')).json<{ items: { id: string }[] }>();
    expect(rules.items.map((r) => r.id)).toEqual(['mine']);
    const silences = (await as(teamReader, 'GET', '/v1/silences')).json<{
      items: { matchers: { value: string }[] }[];
    }>();
    expect(silences.items.map((s) => s.matchers[0]!.value)).toEqual(['team-model']);
  });
});

describe('alerts', () => {
  it('a cursor naming another model’s alert reads as an unknown one (alert ids are computable)', async () => {
    const drift = (models: string[]) => ({ ...rule({ match: 'models', models }), for: 1, channels: [] });
    await put(t, '/v1/alert-rules/team-drift', drift(['team-model']));
    await put(t, '/v1/alert-rules/secret-drift', drift(['secret-model']));
    await evaluate(t, snapshot({ modelId: 'team-model', datasetDriftShare: 1 }));
    await evaluate(t, snapshot({ modelId: 'secret-model', datasetDriftShare: 1 }));
    const all = (await t.request(t.adminKey, { method: 'GET', url: '/v1/alerts?rule=secret-drift' })).json<{
      items: { id: string }[];
    }>();
    const foreignId = all.items[0]!.id;
    const page = (after: string) =>
      as(
        teamReader,
        'GET',
        `/v1/alerts?cursor=${Buffer.from(JSON.stringify({ after })).toString('base64url')}`,
      );
    const foreign = await page(foreignId);
    const unknown = await page('0'.repeat(32));
    expect(foreign.statusCode).toBe(200);
    expect(foreign.body).toBe(unknown.body);
    expectProblem(await as(teamReader, 'GET', `/v1/alerts/${foreignId}`), 404);
    const own = (await as(teamReader, 'GET', '/v1/alerts?rule=team-drift')).json<{
      items: { model: string }[];
    }>();
    expect(own.items.map((a) => a.model)).toEqual(['team-model']);
  });
});
