import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keysCommand } from '../../../src/cli/keys.js';
import { createApiKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
});
afterAll(async () => {
  await t.close();
});

const listKeys = (key: string, query = '') => t.request(key, { method: 'GET', url: `/v1/api-keys${query}` });

describe('creating keys', () => {
  it('returns a mw_ key once, with an id that is its public prefix', async () => {
    const created = await createApiKey(t, { scopes: ['read'], name: 'dashboards' });
    expect(created.key).toMatch(/^mw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.slice(3, 15)).toBe(created.id);
    expect(created).toMatchObject({
      name: 'dashboards',
      scopes: ['read'],
      models: null,
      createdBy: 'bootstrap',
    });
  });

  it('stores only a SHA-256 hash: the key and its secret appear nowhere in the row', async () => {
    const { id, key } = await createApiKey(t, { scopes: ['ingest'], models: ['credit-risk'] });
    const secret = key.slice(16);
    const { rows } = await db.pool.query<{ row: string; secret_hash: Buffer }>(
      `SELECT row_to_json(k)::text AS row, secret_hash FROM api_keys k WHERE id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(secret);
    expect(rows[0]!.row).not.toContain(key);
    // Expected hash computed here, independently of src/: SHA-256 over the whole key.
    expect(rows[0]!.secret_hash.equals(createHash('sha256').update(key).digest())).toBe(true);
  });

  it('rejects invalid bodies with problem+json naming each field by pointer', async () => {
    const res = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/api-keys',
      payload: { name: '', scopes: ['read', 'root'], models: ['Not A Slug'] },
    });
    const body = expectProblem(res, 400);
    expect(body.errors!.map((e) => e.pointer).sort()).toEqual(['/models/0', '/name', '/scopes/1']);
  });

  it('lets a key limited to some models hand out keys only within them', async () => {
    const teamAdmin = await createApiKey(t, { scopes: ['admin'], models: ['fraud', 'churn'] });
    const unlimited = await t.request(teamAdmin.key, {
      method: 'POST',
      url: '/v1/api-keys',
      payload: { name: 'escalation', scopes: ['read'] },
    });
    expectProblem(unlimited, 403);
    const other = await t.request(teamAdmin.key, {
      method: 'POST',
      url: '/v1/api-keys',
      payload: { name: 'other team', scopes: ['read'], models: ['credit-risk'] },
    });
    expectProblem(other, 403);
    const within = await createApiKey(t, { scopes: ['ingest'], models: ['fraud'] }, teamAdmin.key);
    expect(within.models).toEqual(['fraud']);
    const visible = (await listKeys(teamAdmin.key))
      .json<{ items: { id: string }[] }>()
      .items.map((k) => k.id);
    expect(visible).toContain(within.id);
    expect(visible).toContain(teamAdmin.id);
    expect(visible).not.toContain((await createApiKey(t, { scopes: ['read'] })).id);
  });
});

describe('listing keys', () => {
  it('never shows a secret or a hash', async () => {
    const { id, key } = await createApiKey(t, { scopes: ['read'] });
    const res = await listKeys(t.adminKey);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(key.slice(16));
    const listed = res.json<{ items: Record<string, unknown>[] }>().items.find((k) => k.id === id);
    expect(Object.keys(listed!).sort()).toEqual(
      ['createdAt', 'createdBy', 'id', 'lastUsedAt', 'models', 'name', 'revokedAt', 'scopes'].sort(),
    );
  });
});

describe('authentication', () => {
  const url = '/v1/models';

  it('answers 401 without a key, with a malformed one, and with a wrong secret', async () => {
    const { key } = await createApiKey(t, { scopes: ['read'] });
    const wrongSecret = `${key.slice(0, 16)}${key[16] === 'A' ? 'B' : 'A'}${key.slice(17)}`;
    for (const header of [null, 'not-a-key', wrongSecret, `${t.adminKey}x`]) {
      const res = await t.request(header, { method: 'GET', url });
      expectProblem(res, 401);
    }
    expect((await t.request(key, { method: 'GET', url })).statusCode).toBe(200);
  });

  it('answers 403 when the key lacks the scope, and lets admin do everything', async () => {
    const read = await createApiKey(t, { scopes: ['read'] });
    const ingest = await createApiKey(t, { scopes: ['ingest'] });
    expectProblem(await t.request(read.key, { method: 'GET', url: '/v1/api-keys' }), 403);
    expectProblem(await t.request(ingest.key, { method: 'GET', url }), 403);
    const admin = await createApiKey(t, { scopes: ['admin'] });
    expect((await t.request(admin.key, { method: 'GET', url })).statusCode).toBe(200);
    expect((await listKeys(admin.key)).statusCode).toBe(200);
  });

  it('records last use on the key', async () => {
    const { id, key } = await createApiKey(t, { scopes: ['read'] });
    await t.request(key, { method: 'GET', url });
    await vi.waitFor(async () => {
      const { rows } = await db.pool.query('SELECT last_used_at FROM api_keys WHERE id = $1', [id]);
      expect(rows[0].last_used_at).toBeInstanceOf(Date);
    });
  });
});

describe('revoking keys', () => {
  it('makes the key fail with 401 at once, and is idempotent', async () => {
    const { id, key } = await createApiKey(t, { scopes: ['read'] });
    expect((await t.request(key, { method: 'GET', url: '/v1/models' })).statusCode).toBe(200);
    const revoke = () => t.request(t.adminKey, { method: 'DELETE', url: `/v1/api-keys/${id}` });
    expect((await revoke()).statusCode).toBe(204);
    expectProblem(await t.request(key, { method: 'GET', url: '/v1/models' }), 401);
    expect((await revoke()).statusCode).toBe(204);

    const active = (await listKeys(t.adminKey)).json<{ items: { id: string }[] }>().items;
    expect(active.map((k) => k.id)).not.toContain(id);
    const all = (await listKeys(t.adminKey, '?includeRevoked=true')).json<{
      items: { id: string; revokedAt: string }[];
    }>();
    expect(all.items.find((k) => k.id === id)?.revokedAt).toEqual(expect.any(String));
  });

  it('answers 404 for an unknown key and 400 for a malformed id', async () => {
    expectProblem(await t.request(t.adminKey, { method: 'DELETE', url: '/v1/api-keys/0123456789ab' }), 404);
    const bad = expectProblem(
      await t.request(t.adminKey, { method: 'DELETE', url: '/v1/api-keys/nope' }),
      400,
    );
    expect(bad.errors![0]).toMatchObject({
      pointer: '/keyId',
      location: 'params',
    });
  });

  it('writes key creation and revocation to the audit log with the actor', async () => {
    const admin = await createApiKey(t, { scopes: ['admin'] });
    const target = await createApiKey(t, { scopes: ['ingest'] }, admin.key);
    await t.request(admin.key, { method: 'DELETE', url: `/v1/api-keys/${target.id}` });
    const { rows } = await db.pool.query(
      'SELECT action, actor, changes FROM audit_log WHERE api_key_id = $1 ORDER BY id',
      [target.id],
    );
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['key_created', admin.id],
      ['key_revoked', admin.id],
    ]);
    expect(rows[0].changes).toEqual([
      { path: '', after: { name: 'ingest test key', scopes: ['ingest'], models: null } },
    ]);
    expect(rows[1].changes[0]).toMatchObject({ path: '/revokedAt', before: null });
  });
});

describe('modelwatch keys', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { keys: t.container.keys, out: (s: string) => out.push(s), err: (s: string) => err.push(s) },
    };
  }

  it('creates a key, printing it once on stdout, lists it and revokes it', async () => {
    const create = io();
    const code = await keysCommand(
      ['create', '--scope', 'ingest', '--models', 'credit-risk', '--name', 'scorer'],
      create.io,
    );
    expect(code).toBe(0);
    expect(create.out).toHaveLength(1);
    const key = create.out[0]!.trim();
    expect(key).toMatch(/^mw_[0-9a-f]{12}_/);
    const id = key.slice(3, 15);
    expect(create.err.join('')).toContain(id);
    expect(create.err.join('')).not.toContain(key);

    const listed = io();
    expect(await keysCommand(['list', '--json'], listed.io)).toBe(0);
    const keys = JSON.parse(listed.out.join('')) as {
      id: string;
      scopes: string[];
      models: string[];
      createdBy: string;
    }[];
    expect(keys.find((k) => k.id === id)).toMatchObject({
      scopes: ['ingest'],
      models: ['credit-risk'],
      createdBy: 'cli',
    });
    expect(listed.out.join('')).not.toContain(key.slice(16));

    const table = io();
    expect(await keysCommand(['list'], table.io)).toBe(0);
    expect(table.out.join('')).toMatch(new RegExp(`${id}\\s+scorer\\s+ingest\\s+credit-risk`));

    expectProblem(await t.request(key, { method: 'GET', url: '/v1/models' }), 403);
    expect(await keysCommand(['revoke', id], io().io)).toBe(0);
    expectProblem(await t.request(key, { method: 'GET', url: '/v1/models' }), 401);
  });

  it('exits 2 on a bad scope or unknown option, and 1 on an unknown key', async () => {
    const bad = io();
    expect(await keysCommand(['create', '--scope', 'root'], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/^--scope: /);
    expect(bad.out).toEqual([]);
    expect(await keysCommand(['create', '--scope', 'read', '--color'], io().io)).toBe(2);
    const missing = io();
    expect(await keysCommand(['revoke', '0123456789ab'], missing.io)).toBe(1);
    expect(missing.err.join('')).toContain('not found');
  });
});
