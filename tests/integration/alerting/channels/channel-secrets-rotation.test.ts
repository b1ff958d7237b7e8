// `modelwatch secrets rotate`: from key 1 to key 2 everything is re-sealed (in batches, beside
// writes through the API, none lost), a second run changes nothing, and key 1 can then go. A wrong
// key, a value moved to another row, or an altered one is refused with an error naming the key id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { ALERTING_TEST_ENV, put } from '../../../helpers/alerting.js';
import { keyEntry, runRotate, storedTargets, verifyWebhook } from '../../../helpers/channel-secrets.js';
import { freshDatabase, type TestDatabase } from '../../../helpers/db.js';
import { startReceiver, type LocalReceiver } from '../../../helpers/local-receiver.js';
import { expectProblem } from '../../../helpers/problem.js';
import { TEST_SECRETS_KEY } from '../../../helpers/secrets.js';
import { sealAtStartup } from '../../../../src/modules/alerting/channels/channel-secrets.service.js';

const K1 = keyEntry('k1');
const K2 = keyEntry('k2');
let receiver: LocalReceiver;
const apps: TestApp[] = [];

async function app(db: TestDatabase, secretsKey: string): Promise<TestApp> {
  const t = await createTestApp({
    databaseUrl: db.url,
    env: { ...ALERTING_TEST_ENV, SECRETS_KEY: secretsKey },
  });
  apps.push(t);
  return t;
}
const get = (t: TestApp, url: string) => t.request(t.adminKey, { method: 'GET', url });
const destinations = async (t: TestApp) =>
  Object.fromEntries(
    (await get(t, '/v1/channels'))
      .json<{ items: { id: string; destination: string }[] }>()
      .items.map((c) => [c.id, c.destination]),
  );

/** A logger that keeps `level: message` lines. */
function recordingLog() {
  const lines: string[] = [];
  const at = (level: string) => (_fields: object, message: string) => void lines.push(`${level}: ${message}`);
  return { lines, log: { info: at('info'), error: at('error') } };
}

beforeAll(async () => {
  receiver = await startReceiver((_req, res) => res.writeHead(204).end());
});
afterAll(async () => {
  for (const t of apps) await t.close();
  await receiver.close();
});

describe('rotation from key 1 to key 2', () => {
  it('re-seals every target with key 2 while the API writes, idempotently; key 1 can then be removed', async () => {
    const db = await freshDatabase();
    const one = await app(db, K1);
    const created = await put(one, '/v1/channels/hook', { type: 'webhook', url: receiver.url('/hook') });
    const rotated = await put(one, '/v1/channels/hook', {
      type: 'webhook',
      url: receiver.url('/hook'),
      rotateSecret: true,
    });
    await put(one, '/v1/channels/slack', { type: 'slack', url: receiver.url('/services/T/B/X') });
    await put(one, '/v1/channels/pd', {
      type: 'pagerduty',
      routingKey: 'ROUTING-0001',
      url: receiver.url('/pd'),
    });
    for (let i = 0; i < 5; i += 1) {
      await put(one, `/v1/channels/am-${i}`, { type: 'alertmanager', url: receiver.url(`/am-${i}/v0`) });
    }
    const before = await destinations(one);
    for (const [, stored] of await storedTargets(db.pool)) expect(stored.sealed).toMatch(/^sb1\.k1\./);

    // Every replica now holds both keys, key 2 first; the rotation runs one row per batch while
    // the API keeps replacing two channels (each write waits for the batch holding its row).
    const both = await app(db, `${K2},${K1}`);
    // Starting with both keys re-seals nothing: replicas still on key 1 alone must read everything.
    const startup = recordingLog();
    expect(await sealAtStartup(both.container.alerting.secrets, startup.log)).toMatchObject({
      older: { k1: 8 },
      current: 0,
    });
    expect(startup.lines).toEqual([
      expect.stringMatching(
        /^info: .*sealed with older keys \(k1\); once every replica holds key "k2", run `modelwatch secrets rotate`$/,
      ),
    ]);
    for (const [, stored] of await storedTargets(db.pool)) expect(stored.sealed).toMatch(/^sb1\.k1\./);
    const writes = (async () => {
      for (let v = 1; v <= 10; v += 1) {
        await put(both, '/v1/channels/am-1', { type: 'alertmanager', url: receiver.url(`/am-1/v${v}`) });
        await put(both, '/v1/channels/am-3', { type: 'alertmanager', url: receiver.url(`/am-3/v${v}`) });
      }
    })();
    const [first] = await Promise.all([runRotate(both, ['--batch-size', '1']), writes]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('current key "k2" (SECRETS_KEY holds "k2", "k1")');
    expect(first.out).toContain('  channel targets: 8\n');
    expect(first.out).toContain(
      'done: every channel target is sealed with key "k2": "k1" may now be removed',
    );

    const afterFirst = await storedTargets(db.pool);
    for (const [id, stored] of afterFirst) expect(stored.sealed, id).toMatch(/^sb1\.k2\./);
    const second = await runRotate(both);
    expect(second.code).toBe(0);
    expect(second.out).toContain('  already under "k2": 8\n');
    expect(second.out).not.toContain('re-sealed');
    expect(await storedTargets(db.pool)).toEqual(afterFirst); // nothing rewritten

    const two = await app(db, K2);
    expect(await destinations(two)).toEqual({
      ...before,
      'am-1': receiver.url('/am-1/v10'),
      'am-3': receiver.url('/am-3/v10'),
    });
    const res = await two.request(two.adminKey, { method: 'POST', url: '/v1/channels/hook/test' });
    expect(res.json()).toMatchObject({ delivered: true });
    const request = receiver.requests.find((r) => r.path === '/hook')!;
    expect(verifyWebhook(String(rotated.secret), request)).toBeTruthy();
    expect(verifyWebhook(String(created.secret), request)).toBeTruthy();
  });
});

describe('values that do not open', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await freshDatabase();
    t = await app(db, TEST_SECRETS_KEY);
    await put(t, '/v1/channels/hook', { type: 'webhook', url: receiver.url('/hook') });
    await put(t, '/v1/channels/slack', { type: 'slack', url: receiver.url('/services/T/B/X') });
    await put(t, '/v1/channels/pd', {
      type: 'pagerduty',
      routingKey: 'ROUTING-0002',
      url: receiver.url('/pd'),
    });
  });

  it('a wrong key under the same id: the channel reads as unreadable, sending fails, rotate names the key id', async () => {
    const wrong = await app(db, keyEntry('test'));
    expect((await get(wrong, '/v1/channels/hook')).json()).toMatchObject({
      destination: 'unreadable: sealed with key "test", which does not open it here',
    });
    expectProblem(
      await wrong.request(wrong.adminKey, { method: 'POST', url: '/v1/channels/hook/test' }),
      500,
    );

    const rotate = await runRotate(wrong);
    expect(rotate.code).toBe(1);
    expect(rotate.err).toContain(
      'channel "hook": alert_channels.sealed_target[hook]: does not open with key "test": either the key SECRETS_KEY holds under that id is not the one it was sealed with',
    );
    expect(rotate.err).toContain('cannot be opened, left as they are: 3');
  });

  it('a key the keyring does not hold is named, with the keys it holds, at start-up and by rotate', async () => {
    const other = await app(db, keyEntry('other'));
    const startup = recordingLog();
    await sealAtStartup(other.container.alerting.secrets, startup.log);
    expect(startup.lines).toEqual([
      'error: secrets at rest: 3 channel targets cannot be opened, and these channels cannot deliver: ' +
        'alert_channels.sealed_target[hook]: sealed with key "test", which SECRETS_KEY does not hold (it holds "other"); add that key back to open it',
    ]);
    const rotate = await runRotate(other);
    expect(rotate.code).toBe(1);
    expect(rotate.err).toContain(
      'sealed with key "test", which SECRETS_KEY does not hold (it holds "other")',
    );
  });

  it('a target copied to another row, or altered, is refused; the others still open', async () => {
    const stored = await storedTargets(db.pool);
    await db.pool.query('UPDATE alert_channels SET sealed_target = $1 WHERE id = $2', [
      stored.get('hook')!.sealed,
      'slack',
    ]);
    const altered = stored
      .get('pd')!
      .sealed!.replace(
        /\.(.)([^.]*\.[^.]*)$/,
        (_m, c: string, rest: string) => `.${c === 'A' ? 'B' : 'A'}${rest}`,
      );
    await db.pool.query('UPDATE alert_channels SET sealed_target = $1 WHERE id = $2', [altered, 'pd']);

    expect(await destinations(t)).toEqual({
      hook: receiver.url('/hook'),
      slack: 'unreadable: sealed with key "test", which does not open it here',
      pd: 'unreadable: sealed with key "test", which does not open it here',
    });
    const rotate = await runRotate(t);
    expect(rotate.code).toBe(1);
    expect(rotate.err).toContain(
      'channel "slack": alert_channels.sealed_target[slack]: does not open with key "test"',
    );
    expect(rotate.err).toContain(
      'channel "pd": alert_channels.sealed_target[pd]: does not open with key "test"',
    );
    expect(rotate.err).toContain('  already under "test": 1\n');
  });
});
