// Issue 8, finding 7: channel credentials (webhook signing secrets, Slack URLs, PagerDuty routing
// keys, tokens in any channel URL) must not be readable from the database or its backups; the API
// never returns them; deliveries still sign with the right secret; rows stored in plain text
// before migration 0009 are sealed when the service starts.
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/lib/logger.js';
import { migrate, MIGRATIONS_DIR } from '../../../../src/lib/migrate.js';
import { sealAtStartup } from '../../../../src/modules/alerting/channels/channel-secrets.service.js';
import { generateWebhookSecret } from '../../../../src/modules/alerting/channels/webhook-signing.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { ALERTING_TEST_ENV, put } from '../../../helpers/alerting.js';
import { channelRowsAsText, storedTargets, verifyWebhook } from '../../../helpers/channel-secrets.js';
import { freshDatabase, type TestDatabase } from '../../../helpers/db.js';
import { startReceiver, type LocalReceiver } from '../../../helpers/local-receiver.js';

let db: TestDatabase;
let t: TestApp;
let receiver: LocalReceiver;
const apps: TestApp[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  apps.push(t);
  receiver = await startReceiver((_req, res) => res.writeHead(204).end());
});
afterAll(async () => {
  await receiver.close();
  for (const app of apps) await app.close();
});

describe('channel credentials at rest', () => {
  const secrets: string[] = [];

  it('no row holds a signing secret, a Slack URL, a routing key or a URL token in plain text', async () => {
    const hook = await put(t, '/v1/channels/hook', {
      type: 'webhook',
      url: receiver.url('/hook/path-token-0001?token=query-token-0001'),
    });
    const rotated = await put(t, '/v1/channels/hook', {
      type: 'webhook',
      url: receiver.url('/hook/path-token-0001?token=query-token-0001'),
      rotateSecret: true,
    });
    await put(t, '/v1/channels/slack', {
      type: 'slack',
      url: receiver.url('/services/T0/B0/slack-path-0001'),
    });
    await put(t, '/v1/channels/pd', {
      type: 'pagerduty',
      routingKey: 'R0UTINGKEY0123456789abcdefpd0001',
      url: receiver.url('/v2/enqueue?token=pd-url-token-0001'),
    });
    await put(t, '/v1/channels/am', { type: 'alertmanager', url: receiver.url('/am?token=am-token-0001') });

    secrets.push(
      String(hook.secret),
      String(hook.secret).replace(/^whsec_/, ''),
      String(rotated.secret).replace(/^whsec_/, ''),
      'query-token-0001',
      'slack-path-0001',
      'R0UTINGKEY0123456789abcdefpd0001',
      'pd-url-token-0001',
      'am-token-0001',
    );
    const dump = await channelRowsAsText(db.pool);
    expect(dump).toContain('"hook"'); // the rows are there
    for (const secret of [...secrets, 'path-token-0001']) expect(dump, secret).not.toContain(secret);
    for (const [id, stored] of await storedTargets(db.pool)) {
      expect(stored.sealed, id).toMatch(/^sb1\.test\./);
      expect(stored.plain, id).toBeNull();
    }
  });

  it('GET and list answer with every channel and none of its secrets', async () => {
    const list = await t.request(t.adminKey, { method: 'GET', url: '/v1/channels' });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([
      'am',
      'hook',
      'pd',
      'slack',
    ]);
    const one = await t.request(t.adminKey, { method: 'GET', url: '/v1/channels/pd' });
    expect(one.json()).toMatchObject({ destination: `${receiver.url('/v2/enqueue')} (routing key …0001)` });
    for (const body of [list.body, one.body]) {
      for (const secret of secrets) expect(body, secret).not.toContain(secret);
    }
  });

  it('a test delivery is signed with the secret the API gave, and the previous one during a rotation', async () => {
    const created = await put(t, '/v1/channels/signed', { type: 'webhook', url: receiver.url('/signed') });
    const rotated = await put(t, '/v1/channels/signed', {
      type: 'webhook',
      url: receiver.url('/signed'),
      rotateSecret: true,
    });
    const res = await t.request(t.adminKey, { method: 'POST', url: '/v1/channels/signed/test' });
    expect(res.json()).toMatchObject({ delivered: true, statusCode: 204 });
    const request = receiver.requests.find((r) => r.path === '/signed')!;
    expect(verifyWebhook(String(rotated.secret), request)).toMatchObject({ receiver: 'signed' });
    expect(verifyWebhook(String(created.secret), request)).toMatchObject({ receiver: 'signed' });
  });
});

describe('rows stored in plain text before migration 0009', () => {
  it('are sealed by the start-up pass, and deliver with their old secret', async () => {
    const old = await freshDatabase({ migrated: false });
    const before = mkdtempSync(join(tmpdir(), 'mw-migrations-'));
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_/.test(f) && f < '0009')) {
      copyFileSync(join(MIGRATIONS_DIR, file), join(before, file));
    }
    await migrate(old.pool, undefined, before);
    const secret = generateWebhookSecret();
    const target = { type: 'webhook', url: receiver.url('/old?token=old-token-0001'), secret };
    await old.pool.query(
      `INSERT INTO alert_channels (id, type, name, rate_per_second, burst, target)
       VALUES ('old-hook', 'webhook', 'old-hook', 10, 10, $1::jsonb)`,
      [JSON.stringify(target)],
    );

    expect((await migrate(old.pool)).applied).toContain('0009_channel_secrets.sql');
    const app = await createTestApp({ databaseUrl: old.url, env: ALERTING_TEST_ENV });
    apps.push(app);
    const unsealed = await app.request(app.adminKey, { method: 'GET', url: '/v1/channels/old-hook' });
    expect(unsealed.json()).toMatchObject({
      destination: 'unreadable: stored in plain text, not sealed yet',
    });

    const report = await sealAtStartup(app.container.alerting.secrets, createLogger('silent'));
    expect(report).toMatchObject({ total: 1, sealedPlaintext: 1, unreadable: [] });
    const dump = await channelRowsAsText(old.pool);
    for (const s of [secret.replace(/^whsec_/, ''), 'old-token-0001']) expect(dump).not.toContain(s);

    const res = await app.request(app.adminKey, { method: 'POST', url: '/v1/channels/old-hook/test' });
    expect(res.json()).toMatchObject({ delivered: true });
    expect(
      verifyWebhook(
        secret,
        receiver.requests.find((r) => r.path.startsWith('/old'))!,
      ),
    ).toBeTruthy();
    expect(await sealAtStartup(app.container.alerting.secrets, createLogger('silent'))).toMatchObject({
      sealedPlaintext: 0,
      current: 1,
    });
  });
});
