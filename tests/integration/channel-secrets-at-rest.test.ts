// Issue 8, finding 7: channel credentials (webhook signing secrets, Slack URLs, PagerDuty routing
// keys, tokens in any channel URL) must not be readable from the database or its backups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ALERTING_TEST_ENV, put } from '../helpers/alerting.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { startReceiver, type LocalReceiver } from '../helpers/local-receiver.js';

let db: TestDatabase;
let t: TestApp;
let receiver: LocalReceiver;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** Every stored channel row as text, as a dump or a backup would hold it. */
async function channelRowsAsText(): Promise<string> {
  const { rows } = await db.pool.query<{ row: string }>(
    'SELECT row_to_json(c)::text AS row FROM alert_channels c ORDER BY id',
  );
  return rows.map((r) => r.row).join('\n');
}

describe('channel credentials at rest', () => {
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
    await put(t, '/v1/channels/slack', { type: 'slack', url: receiver.url('/services/T0/B0/slack-path-0001') });
    await put(t, '/v1/channels/pd', {
      type: 'pagerduty',
      routingKey: 'R0UTINGKEY0123456789abcdefpd0001',
      url: receiver.url('/v2/enqueue?token=pd-url-token-0001'),
    });
    await put(t, '/v1/channels/am', { type: 'alertmanager', url: receiver.url('/am?token=am-token-0001') });

    const secrets = [
      String(hook.secret),
      String(hook.secret).replace(/^whsec_/, ''),
      String(rotated.secret).replace(/^whsec_/, ''),
      'path-token-0001',
      'query-token-0001',
      'slack-path-0001',
      'R0UTINGKEY0123456789abcdefpd0001',
      'pd-url-token-0001',
      'am-token-0001',
    ];
    const dump = await channelRowsAsText();
    expect(dump).toContain('"hook"'); // the rows are there
    for (const secret of secrets) expect(dump, secret).not.toContain(secret);
  });
});
