// Console sign-in (issue 10 item 2, docs/console.md): an API key or a one-time login token is
// exchanged for an opaque session id in an HttpOnly, SameSite=Strict cookie, stored hashed; the
// session acts as its key as the key is now; state-changing requests need the CSRF token.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type IssuedKey } from '../../helpers/api-keys.js';
import { registerModel } from '../../helpers/alerting.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { eventually } from '../../helpers/eventually.js';
import { expectProblem } from '../../helpers/problem.js';
import { signIn, withSession, type SignedIn } from '../../helpers/sessions.js';

let db: TestDatabase;
let t: TestApp;
let readKey: IssuedKey;
let adminKey: IssuedKey;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
  readKey = await createApiKey(t, { scopes: ['read'], name: 'console reader' });
  adminKey = await createApiKey(t, { scopes: ['admin'], name: 'console admin' });
  for (const id of ['loans', 'fraud']) await registerModel(t, id);
});
afterAll(async () => {
  await t.close();
});

const get = (s: Pick<SignedIn, 'secret' | 'csrfToken'>, url: string) =>
  t.app.inject(withSession(s, { method: 'GET', url }));
const silence = (comment: string) => ({
  matchers: [{ name: 'severity', value: 'info' }],
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  comment,
});
const setCookieOf = (s: SignedIn) => String(s.res.headers['set-cookie']);

describe('signing in with an API key', () => {
  it('answers the session and sets an HttpOnly, SameSite=Strict cookie on Path=/ (not Secure over http)', async () => {
    const s = await signIn(t, { apiKey: readKey.key }, { 'user-agent': 'test browser' });
    expect(s).toMatchObject({ keyId: readKey.id, scopes: ['read'], models: null });
    expect(s.id).toMatch(/^[0-9a-f]{16}$/);
    expect(s.csrfToken.length).toBeGreaterThan(20);
    const hours = (Date.parse(s.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const header = setCookieOf(s);
    expect(header).toMatch(/^mw_session=[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/Secure/);
  });

  it('stores only a SHA-256 of the session id: the cookie value appears nowhere in the table', async () => {
    const s = await signIn(t, { apiKey: readKey.key });
    const { rows } = await db.pool.query<{ row: string; secret_hash: Buffer }>(
      'SELECT row_to_json(s)::text AS row, secret_hash FROM sessions s WHERE id = $1',
      [s.id],
    );
    expect(rows).toHaveLength(1);
    const all = await db.pool.query<{ dump: string }>(
      `SELECT string_agg(row_to_json(s)::text, ' ') AS dump FROM sessions s`,
    );
    expect(all.rows[0]!.dump).not.toContain(s.secret);
    expect(all.rows[0]!.dump).not.toContain(Buffer.from(s.secret).toString('hex'));
    // Computed here, independently of src/: SHA-256 over the cookie's value.
    expect(rows[0]!.secret_hash.equals(createHash('sha256').update(s.secret).digest())).toBe(true);
  });

  it('reads with the cookie alone, and GET /v1/sessions/current describes the session', async () => {
    const s = await signIn(t, { apiKey: readKey.key });
    const fleet = await t.app.inject(withSession(s, { method: 'GET', url: '/v1/fleet' }, null));
    expect(fleet.statusCode, fleet.body).toBe(200);
    const current = await get(s, '/v1/sessions/current');
    expect(current.statusCode, current.body).toBe(200);
    expect(current.json()).toMatchObject({ id: s.id, keyId: readKey.id, scopes: ['read'], models: null });
    expect(current.json<{ csrfToken: string }>().csrfToken).toBeTruthy();
  });

  it('refuses a bad key with 401 and sets no cookie; the bootstrap key cannot open a session', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { apiKey: `${readKey.key.slice(0, -4)}AAAA` },
    });
    expectProblem(bad, 401);
    expect(bad.headers['set-cookie']).toBeUndefined();
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { apiKey: t.adminKey } }),
      403,
    );
    const both = await t.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { apiKey: readKey.key, loginToken: 'x' },
    });
    expectProblem(both, 400);
  });

  it('answers 401 without a session, with an unknown one, and with an expired one', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/sessions/current' }), 401);
    expectProblem(await get({ secret: 'A'.repeat(43), csrfToken: '' }, '/v1/fleet'), 401);
    const s = await signIn(t, { apiKey: readKey.key });
    expect((await get(s, '/v1/fleet')).statusCode).toBe(200);
    await db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [s.id]);
    expectProblem(await get(s, '/v1/fleet'), 401);
    expectProblem(await get(s, '/v1/sessions/current'), 401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request by cookie without the token or with a wrong one, and takes the right one', async () => {
    const s = await signIn(t, { apiKey: adminKey.key });
    const other = await signIn(t, { apiKey: adminKey.key });
    const post = (csrf: string | null) =>
      t.app.inject(withSession(s, { method: 'POST', url: '/v1/silences', payload: silence('csrf') }, csrf));
    for (const csrf of [null, 'not-a-token', other.csrfToken, `${s.csrfToken}x`]) {
      const refused = expectProblem(await post(csrf), 403);
      expect(refused.detail).toContain('X-CSRF-Token');
    }
    const listed = await t.request(t.adminKey, { method: 'GET', url: '/v1/silences' });
    expect(listed.body).not.toContain('"comment":"csrf"');
    expect((await post(s.csrfToken)).statusCode).toBe(201);
    // A fresh token from GET /v1/sessions/current works too.
    const fresh = (await get(s, '/v1/sessions/current')).json<{ csrfToken: string }>().csrfToken;
    expect(fresh).not.toBe(s.csrfToken);
    expect((await post(fresh)).statusCode).toBe(201);
  });

  it('lets a bearer key through without a token, and the bearer key wins over a cookie', async () => {
    const created = await t.request(adminKey.key, {
      method: 'POST',
      url: '/v1/silences',
      payload: silence('bearer'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const limited = await createApiKey(t, { scopes: ['read'], models: ['loans'] });
    const s = await signIn(t, { apiKey: limited.key });
    expect((await get(s, '/v1/models/fraud')).statusCode).toBe(404);
    const both = await t.request(readKey.key, withSession(s, { method: 'GET', url: '/v1/models/fraud' }));
    expect(both.statusCode, both.body).toBe(200);
  });
});

describe('a session sees what its key sees, as the key is now', () => {
  it("a limited key's session gets 404 for another model, exactly like the key", async () => {
    const limited = await createApiKey(t, { scopes: ['read'], models: ['loans'] });
    const s = await signIn(t, { apiKey: limited.key });
    expect(s.models).toEqual(['loans']);
    expect((await get(s, '/v1/models/loans')).statusCode).toBe(200);
    const viaSession = await get(s, '/v1/models/fraud');
    const viaKey = await t.request(limited.key, { method: 'GET', url: '/v1/models/fraud' });
    expectProblem(viaSession, 404);
    expect(viaSession.json<{ detail: string }>().detail).toBe(viaKey.json<{ detail: string }>().detail);
    const fleet = (await get(s, '/v1/fleet')).body;
    expect(fleet).toContain('loans');
    expect(fleet).not.toContain('fraud');
    // A read key's session cannot write, CSRF token or not.
    const write = await t.app.inject(
      withSession(s, { method: 'POST', url: '/v1/silences', payload: silence('limited') }),
    );
    expectProblem(write, 403);
  });

  it('revoking the key ends its sessions at once', async () => {
    const key = await createApiKey(t, { scopes: ['read'] });
    const s = await signIn(t, { apiKey: key.key });
    expect((await get(s, '/v1/fleet')).statusCode).toBe(200);
    const revoked = await t.request(t.adminKey, { method: 'DELETE', url: `/v1/api-keys/${key.id}` });
    expect(revoked.statusCode).toBe(204);
    expectProblem(await get(s, '/v1/fleet'), 401);
    const list = await t.request(t.adminKey, { method: 'GET', url: '/v1/sessions' });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(s.id);
  });
});

describe('admins list and revoke sessions', () => {
  it('lists live sessions without their secrets, and a revoked session gets 401', async () => {
    const s = await signIn(t, { apiKey: readKey.key }, { 'user-agent': 'listed browser' });
    const admin = await signIn(t, { apiKey: adminKey.key });
    const list = await get(admin, '/v1/sessions');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json<{ items: Record<string, unknown>[] }>().items.find((i) => i.id === s.id);
    expect(item).toMatchObject({ keyId: readKey.id, userAgent: 'listed browser', expiresAt: s.expiresAt });
    expect(Object.keys(item!).sort()).toEqual(
      ['createdAt', 'expiresAt', 'id', 'keyId', 'lastSeenAt', 'userAgent'].sort(),
    );
    expect(list.body).not.toContain(s.secret);

    expectProblem(await get(s, '/v1/sessions'), 403);
    const revoke = withSession(admin, { method: 'DELETE', url: `/v1/sessions/${s.id}` });
    expectProblem(await t.app.inject({ ...revoke, headers: { ...revoke.headers, 'x-csrf-token': '' } }), 403);
    expect((await t.app.inject(revoke)).statusCode).toBe(204);
    expectProblem(await get(s, '/v1/fleet'), 401);
    expect((await t.app.inject(revoke)).statusCode).toBe(204);
    expectProblem(
      await t.request(t.adminKey, { method: 'DELETE', url: '/v1/sessions/0123456789abcdef' }),
      404,
    );

    const audit = await t.request(t.adminKey, { method: 'GET', url: `/v1/audit?subject=session:${s.id}` });
    const entries = audit.json<{ items: { action: string; actor: string; apiKeyId: string }[] }>().items;
    expect(entries.map((e) => e.action).sort()).toEqual(['session_created', 'session_revoked']);
    expect(entries.find((e) => e.action === 'session_revoked')).toMatchObject({
      actor: adminKey.id,
      apiKeyId: readKey.id,
    });
  });

  it('a key limited to models lists and revokes only sessions of keys within them', async () => {
    const teamAdmin = await createApiKey(t, { scopes: ['admin'], models: ['loans'] });
    const team = await createApiKey(t, { scopes: ['read'], models: ['loans'] }, teamAdmin.key);
    const mine = await signIn(t, { apiKey: team.key });
    const theirs = await signIn(t, { apiKey: readKey.key });
    const ids = (await t.request(teamAdmin.key, { method: 'GET', url: '/v1/sessions' }))
      .json<{ items: { id: string }[] }>()
      .items.map((i) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expectProblem(
      await t.request(teamAdmin.key, { method: 'DELETE', url: `/v1/sessions/${theirs.id}` }),
      404,
    );
    expect((await get(theirs, '/v1/fleet')).statusCode).toBe(200);
  });
});

describe('signing out', () => {
  it('needs the CSRF token, revokes the session and clears the cookie', async () => {
    const s = await signIn(t, { apiKey: readKey.key });
    const out = (csrf: string | null) =>
      t.app.inject(withSession(s, { method: 'DELETE', url: '/v1/sessions/current' }, csrf));
    expectProblem(await out(null), 403);
    expect((await get(s, '/v1/fleet')).statusCode).toBe(200);
    const res = await out(s.csrfToken);
    expect(res.statusCode, res.body).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'mw_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime() ?? cleared?.maxAge).toBeLessThanOrEqual(0 + Date.now());
    expectProblem(await get(s, '/v1/fleet'), 401);
    expectProblem(await get(s, '/v1/sessions/current'), 401);
  });
});

describe('one-time login links', () => {
  const makeToken = (body: object, key = adminKey.key) =>
    t.request(key, { method: 'POST', url: '/v1/login-tokens', payload: body });

  it('sign a person in once, as the key, through a link to the console', async () => {
    const res = await makeToken({ keyId: readKey.id });
    expect(res.statusCode, res.body).toBe(201);
    const { token, expiresAt, url } = res.json<{ token: string; expiresAt: string; url: string }>();
    expect(url).toBe(`${t.container.config.PUBLIC_URL}/ui/login#token=${token}`);
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14.5);
    expect(minutes).toBeLessThanOrEqual(15);
    const { rows } = await db.pool.query<{ dump: string }>(
      `SELECT string_agg(row_to_json(l)::text, ' ') AS dump FROM login_tokens l`,
    );
    expect(rows[0]!.dump).not.toContain(token);

    const s = await signIn(t, { loginToken: token });
    expect(s).toMatchObject({ keyId: readKey.id, scopes: ['read'] });
    expect((await get(s, '/v1/fleet')).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { loginToken: token } });
    expectProblem(again, 401);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('is used once even when two sign-ins race for it', async () => {
    const { token } = (await makeToken({ keyId: readKey.id })).json<{ token: string }>();
    const tries = await Promise.all(
      [1, 2, 3].map(() =>
        t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { loginToken: token } }),
      ),
    );
    expect(tries.map((r) => r.statusCode).sort()).toEqual([201, 401, 401]);
  });

  it('expires, and its lifetime is bounded', async () => {
    const { token } = (await makeToken({ keyId: readKey.id, ttlSeconds: 60 })).json<{ token: string }>();
    await db.pool.query(
      `UPDATE login_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
    );
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { loginToken: token } }),
      401,
    );
    expectProblem(await makeToken({ keyId: readKey.id, ttlSeconds: 3601 }), 400);
    expectProblem(await makeToken({ keyId: '0123456789ab' }), 404);
    expectProblem(await makeToken({ keyId: readKey.id }, readKey.key), 403);
  });

  it('is refused for a key whose models a limited admin does not hold, and dies with its key', async () => {
    const teamAdmin = await createApiKey(t, { scopes: ['admin'], models: ['loans'] });
    expectProblem(await makeToken({ keyId: readKey.id }, teamAdmin.key), 403);
    const key = await createApiKey(t, { scopes: ['read'], models: ['loans'] });
    const { token } = (await makeToken({ keyId: key.id }, teamAdmin.key)).json<{ token: string }>();
    await t.request(t.adminKey, { method: 'DELETE', url: `/v1/api-keys/${key.id}` });
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { loginToken: token } }),
      401,
    );
  });
});

describe('expired rows', () => {
  it('are deleted by the worker chore', async () => {
    const s = await signIn(t, { apiKey: readKey.key });
    await db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [s.id]);
    const task = t.container.backgroundTasks.find((b) => b.name === 'expired sessions and login tokens');
    expect(task).toBeDefined();
    const stop = task!.start();
    await eventually(async () => {
      const { rowCount } = await db.pool.query('SELECT 1 FROM sessions WHERE id = $1', [s.id]);
      return rowCount === 0 ? true : undefined;
    });
    await stop();
  });
});

describe('a cookie marked Secure', () => {
  it('behind a trusted proxy that says https, or with an https PUBLIC_URL; not for an untrusted X-Forwarded-Proto', async () => {
    const cases: { env: Record<string, string>; proto: string | null; secure: boolean }[] = [
      { env: { TRUST_PROXY: 'true' }, proto: 'https', secure: true },
      { env: {}, proto: 'https', secure: false },
      { env: { PUBLIC_URL: 'https://watch.example.com' }, proto: null, secure: true },
    ];
    for (const c of cases) {
      const other = await createTestApp({ databaseUrl: db.url, env: c.env });
      try {
        const key = await createApiKey(other, { scopes: ['read'] });
        const s = await signIn(other, { apiKey: key.key }, c.proto ? { 'x-forwarded-proto': c.proto } : {});
        expect(/; Secure/.test(setCookieOf(s)), JSON.stringify(c)).toBe(c.secure);
      } finally {
        await other.close();
      }
    }
  });
});

describe('failed sign-ins', () => {
  it('count toward the auth-failure limit of the address, like bad bearer keys', async () => {
    const limited = await createTestApp({ databaseUrl: db.url, env: { AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const bad = (payload: object) =>
        limited.app.inject({
          method: 'POST',
          url: '/v1/sessions',
          payload,
          remoteAddress: '198.51.100.9',
        });
      expectProblem(await bad({ apiKey: `mw_0123456789ab_${'A'.repeat(43)}` }), 401);
      expectProblem(await bad({ loginToken: 'B'.repeat(43) }), 401);
      expectProblem(await bad({ apiKey: 'nonsense' }), 401);
      const refused = expectProblem(await bad({ apiKey: `mw_0123456789ab_${'C'.repeat(43)}` }), 429);
      expect(refused.detail).toContain('Retry-After');
      // The same bucket as the bearer path: a bearer guess from that address is refused too.
      const bearer = await limited.app.inject({
        method: 'GET',
        url: '/v1/fleet',
        headers: { authorization: `Bearer mw_0123456789ab_${'D'.repeat(43)}` },
        remoteAddress: '198.51.100.9',
      });
      expectProblem(bearer, 429);
    } finally {
      await limited.close();
    }
  });
});
