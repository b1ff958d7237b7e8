// The alerting configuration API: rules (default ones included), channels (secret shown once,
// URLs checked), silences; scopes as documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type IssuedKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { ALERTING_TEST_ENV, DRIFT_RULE, put } from '../../helpers/alerting.js';
import { freshDatabase } from '../../helpers/db.js';
import { startReceiver, type LocalReceiver } from '../../helpers/local-receiver.js';
import { expectProblem } from '../../helpers/problem.js';

let t: TestApp;
let reader: IssuedKey;
let receiver: LocalReceiver;

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  reader = await createApiKey(t, { scopes: ['read'] });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const get = (url: string, key = t.adminKey) => t.request(key, { method: 'GET', url });

const driftRule = DRIFT_RULE;

describe('alert rules', () => {
  it('every database starts with the three default rules, for every model', async () => {
    const { items } = (await get('/v1/alert-rules', reader.key)).json<{ items: Record<string, unknown>[] }>();
    expect(items.filter((r) => r.builtin).map((r) => r.id)).toEqual([
      'default-dataset-drift',
      'default-estimated-performance-drop',
      'default-silent-model',
    ]);
    for (const rule of items) expect(rule).toMatchObject({ enabled: true, models: { match: 'all' } });
  });

  it('PUT creates (201) then replaces (200); GET reads it back with defaults filled in', async () => {
    const created = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/alert-rules/drift',
      payload: driftRule,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      ...driftRule,
      id: 'drift',
      builtin: false,
      enabled: true,
      resolve: { after: 3 },
    });
    const replaced = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/alert-rules/drift',
      payload: { ...driftRule, threshold: 0.3 },
    });
    expect(replaced.statusCode).toBe(200);
    expect((await get('/v1/alert-rules/drift', reader.key)).json()).toMatchObject({ threshold: 0.3 });
  });

  it('writing needs admin; reading needs read', async () => {
    expectProblem(
      await t.request(reader.key, { method: 'PUT', url: '/v1/alert-rules/x', payload: driftRule }),
      403,
    );
    expectProblem(await t.request(reader.key, { method: 'DELETE', url: '/v1/alert-rules/drift' }), 403);
    expectProblem(await get('/v1/alert-rules', null as unknown as string), 401);
  });

  it('refuses invalid rules with a pointer to the field', async () => {
    const res = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/alert-rules/bad',
      payload: { ...driftRule, labels: { severity: 'x' }, annotations: { summary: '{{nope}}' } },
    });
    const problem = expectProblem(res, 400);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['/labels/severity', '/annotations/summary']),
    );
    const unknownChannel = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/alert-rules/bad',
      payload: { ...driftRule, channels: ['nowhere'] },
    });
    expect(expectProblem(unknownChannel, 400).errors?.[0]?.pointer).toBe('/channels/0');
  });

  it('DELETE removes a rule (404 afterwards); a default rule can be deleted too', async () => {
    expect((await t.request(t.adminKey, { method: 'DELETE', url: '/v1/alert-rules/drift' })).statusCode).toBe(
      204,
    );
    expectProblem(await get('/v1/alert-rules/drift'), 404);
    expectProblem(await t.request(t.adminKey, { method: 'DELETE', url: '/v1/alert-rules/drift' }), 404);
    const defaultRule = await t.request(t.adminKey, {
      method: 'DELETE',
      url: '/v1/alert-rules/default-silent-model',
    });
    expect(defaultRule.statusCode).toBe(204);
  });
});

describe('lists are paged (issue 8, bounded replies)', () => {
  /** Walks a list with limit=2 and returns every id, in order. */
  async function walk(path: string): Promise<string[]> {
    const ids: string[] = [];
    let url: string | null = `${path}?limit=2`;
    while (url !== null) {
      const res = await get(url);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      ids.push(...body.items.map((i) => i.id));
      url = body.nextCursor === null ? null : `${path}?limit=2&cursor=${body.nextCursor}`;
    }
    return ids;
  }

  it('alert rules and channels, each once, by id; a bad cursor or limit is a 400', async () => {
    for (const id of ['page-c', 'page-a', 'page-b']) {
      await put(t, `/v1/alert-rules/${id}`, driftRule);
      await put(t, `/v1/channels/${id}`, { type: 'webhook', url: receiver.url(`/${id}`) });
    }
    for (const path of ['/v1/alert-rules', '/v1/channels']) {
      const ids = await walk(path);
      expect(ids, path).toEqual([...ids].sort());
      expect(new Set(ids).size, path).toBe(ids.length);
      expect(ids, path).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
      expect((await get(`${path}?limit=500`)).json().items.length, path).toBe(ids.length);
      expectProblem(await get(`${path}?cursor=nope`), 400);
      expectProblem(await get(`${path}?limit=0`), 400);
    }
  });
});

describe('channels', () => {
  it('a webhook channel gets a signing secret shown once; GET never shows it', async () => {
    const res = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/channels/ops-hook',
      payload: { type: 'webhook', url: receiver.url('/hook?token=abc'), default: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ secret: string; destination: string }>();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.destination).toBe(receiver.url('/hook'));
    const read = await get('/v1/channels/ops-hook');
    expect(read.json()).toMatchObject({
      id: 'ops-hook',
      type: 'webhook',
      default: true,
      rateLimit: { perSecond: 10 },
    });
    expect(read.body).not.toContain(created.secret);
    expect(read.body).not.toContain('token=abc');

    const same = await put(t, '/v1/channels/ops-hook', { type: 'webhook', url: receiver.url('/hook2') });
    expect(same).not.toHaveProperty('secret');
    const rotated = await put(t, '/v1/channels/ops-hook', {
      type: 'webhook',
      url: receiver.url('/hook2'),
      rotateSecret: true,
    });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
  });

  it('a Slack URL’s path and a PagerDuty routing key are never shown; Slack defaults to one message a second', async () => {
    const slack = await put(t, '/v1/channels/slack', {
      type: 'slack',
      url: receiver.url('/services/T0/B0/secretpath'),
    });
    expect(slack).toMatchObject({
      destination: `http://127.0.0.1:${receiver.port}/…`,
      rateLimit: { perSecond: 1, burst: 1 },
    });
    const pd = await put(t, '/v1/channels/pd', {
      type: 'pagerduty',
      routingKey: 'R0UTINGKEY0123456789abcdefghij99',
      url: receiver.url('/v2/enqueue'),
    });
    expect(pd.destination).toMatch(/routing key …ij99\)$/);
    expect(JSON.stringify((await get('/v1/channels')).json())).not.toContain('R0UTINGKEY');
  });

  it('refuses URLs that reach private or loopback addresses unless allowed', async () => {
    const res = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/channels/metadata',
      payload: { type: 'webhook', url: 'http://169.254.169.254/latest/meta-data' },
    });
    expect(expectProblem(res, 400).errors?.[0]?.pointer).toBe('/url');
  });

  it('POST …/test sends one notification and reports the status, never the body', async () => {
    const res = await t.request(t.adminKey, { method: 'POST', url: '/v1/channels/slack/test' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ delivered: true, outcome: 'delivered', statusCode: 200 });
    expect(receiver.requests.at(-1)?.path).toBe('/services/T0/B0/secretpath');
  });

  it('a channel a rule names cannot be deleted (409); an unused one can', async () => {
    await put(t, '/v1/alert-rules/uses-pd', { ...driftRule, channels: ['pd'] });
    expectProblem(await t.request(t.adminKey, { method: 'DELETE', url: '/v1/channels/pd' }), 409);
    expect(
      (await t.request(t.adminKey, { method: 'DELETE', url: '/v1/alert-rules/uses-pd' })).statusCode,
    ).toBe(204);
    expect((await t.request(t.adminKey, { method: 'DELETE', url: '/v1/channels/pd' })).statusCode).toBe(204);
    expectProblem(await get('/v1/channels/pd'), 404);
    expectProblem(await get('/v1/channels', reader.key), 403);
  });
});

describe('silences', () => {
  it('POST creates an active silence; GET lists it; DELETE expires it and keeps it', async () => {
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const res = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/silences',
      payload: { matchers: [{ name: 'model', value: 'credit-risk' }], endsAt, comment: 'deploying v2' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const silence = res.json<{ id: string; state: string; createdBy: string }>();
    expect(silence).toMatchObject({
      state: 'active',
      comment: 'deploying v2',
      matchers: [{ name: 'model', op: '=', value: 'credit-risk' }],
    });
    expect((await get('/v1/silences?state=active', reader.key)).json()).toMatchObject({
      items: [{ id: silence.id }],
    });

    const expired = await t.request(t.adminKey, { method: 'DELETE', url: `/v1/silences/${silence.id}` });
    expect(expired.json()).toMatchObject({ id: silence.id, state: 'expired' });
    expect((await get('/v1/silences?state=active')).json()).toMatchObject({ items: [] });
    expect((await get(`/v1/silences/${silence.id}`)).json()).toMatchObject({ state: 'expired' });
  });

  it('a silence starting later is pending; creating one needs admin', async () => {
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 7_200_000).toISOString();
    const payload = {
      matchers: [{ name: 'severity', op: '=~', value: 'warning|info' }],
      startsAt,
      endsAt,
      comment: 'later',
    };
    const res = await t.request(t.adminKey, { method: 'POST', url: '/v1/silences', payload });
    expect(res.json()).toMatchObject({ state: 'pending' });
    expectProblem(await t.request(reader.key, { method: 'POST', url: '/v1/silences', payload }), 403);
    expectProblem(
      await t.request(t.adminKey, {
        method: 'POST',
        url: '/v1/silences',
        payload: { ...payload, matchers: [{ name: 'x', op: '=~', value: '(' }] },
      }),
      400,
    );
  });
});
