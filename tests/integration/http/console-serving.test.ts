// The console (issue 10) is served by the API under /ui from dist/ui (built by `npm ci`, or
// `npm run build:ui`): client routes fall back to index.html, assets are cached by content hash,
// its pages carry a strict Content-Security-Policy, and the API's JSON answers stay as they were.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR, registerConsole } from '../../../src/http/plugins/console.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase } from '../../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
});
afterAll(() => t.close());

describe('the console under /ui', () => {
  it('redirects / and /ui to /ui/', async () => {
    for (const url of ['/', '/ui']) {
      const res = await t.request(null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toBe('/ui/');
    }
  });

  it('serves index.html for the console and for every client-side route, without a key', async () => {
    for (const url of ['/ui/', '/ui/models/credit-risk', '/ui/alerts/abc?x=1', '/ui/login']) {
      const res = await t.request(null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('<div id="app"></div>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('sends a Content-Security-Policy that allows no inline script, and no framing', async () => {
    const res = await t.request(null, { method: 'GET', url: '/ui/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.body).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('serves the built assets with a long cache, and a missing asset as 404', async () => {
    const [asset] = readdirSync(join(CONSOLE_DIR, 'assets')).filter((f) => f.endsWith('.js'));
    const res = await t.request(null, { method: 'GET', url: `/ui/assets/${asset}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API as it was: no console headers on /v1, and no /ui in the OpenAPI document', async () => {
    const api = await t.request(t.adminKey, { method: 'GET', url: '/v1/fleet' });
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-security-policy']).toBeUndefined();
    const doc = await t.request(null, { method: 'GET', url: '/docs/json' });
    const paths = Object.keys((doc.json() as { paths: object }).paths);
    expect(paths.filter((p) => p === '/' || p.startsWith('/ui'))).toEqual([]);
  });
});

describe('a console that was not built', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-console-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers 503 saying how to build it', async () => {
    const app = Fastify();
    await registerConsole(app, { root: dir });
    const res = await app.inject({ method: 'GET', url: '/ui/models/x' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:ui');
    await app.close();
  });
});
