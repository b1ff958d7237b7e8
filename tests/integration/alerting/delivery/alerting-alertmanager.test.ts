import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../../../src/lib/outbound/policy.js';
import { sendNotification } from '../../../../src/modules/alerting/channels/send.js';
import { webhookPayload } from '../../../../src/modules/alerting/channels/webhook.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';
import { startAlertmanager, type AlertmanagerProcess } from '../../../helpers/alertmanager-process.js';
import { startReceiver, type LocalReceiver } from '../../../helpers/local-receiver.js';

// A real Alertmanager (Debian's prometheus-alertmanager) receives our alert through its API v2, shows
// it in GET /api/v2/alerts, then resolves it. Its own webhook notifications go to a receiver on
// loopback, which also lets us compare our webhook payload with the real version-4 payload.
let am: AlertmanagerProcess;
let hook: LocalReceiver;

beforeAll(async () => {
  hook = await startReceiver();
  am = await startAlertmanager(`
route:
  receiver: modelwatch-test
  group_by: ['alertname', 'model']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: modelwatch-test
    webhook_configs:
      - url: ${hook.url('/am')}
        send_resolved: true
`);
});
afterAll(async () => {
  await am?.close();
  await hook?.close();
});

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
  endsAt: string;
}

async function alertsFor(model: string): Promise<GettableAlert[]> {
  const res = await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent(`model="${model}"`)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as GettableAlert[];
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const hookMessages = async () =>
  hook.requests.map(
    (r) => JSON.parse(r.body) as { status: string; alerts: { labels: Record<string, string> }[] },
  );

describe('the alertmanager channel against a real Alertmanager', () => {
  const policy = createOutboundPolicy({ allowedHosts: ['127.0.0.1'] });
  const base = sampleNotification();
  const firing = sampleNotification({ labels: { ...base.labels, model: 'credit-risk-am' } });

  it('posts a firing alert that Alertmanager lists as active, then resolves it', async () => {
    const target = { type: 'alertmanager' as const, url: am.url };
    const ctx = { receiver: 'am', externalURL: 'https://modelwatch.example.com', now: new Date() };

    expect(await sendNotification(target, firing, { policy, ctx })).toMatchObject({ ok: true, status: 200 });
    const [active] = await eventually(
      () => alertsFor('credit-risk-am'),
      (a) => a.length === 1,
      'the alert',
    );
    expect(active).toMatchObject({
      labels: { alertname: 'FeatureDrift', model: 'credit-risk-am', feature: 'income', severity: 'warning' },
      annotations: { summary: firing.annotations.summary, value: '0.2735', threshold: '0.1' },
      status: { state: 'active' },
    });
    // The lease: four one-minute intervals ahead of the send time.
    expect(Date.parse(active?.endsAt ?? '')).toBe(ctx.now.getTime() + 4 * 60_000);

    const resolved = { ...firing, status: 'resolved' as const, endsAt: new Date().toISOString() };
    const ctx2 = { ...ctx, now: new Date() };
    expect(await sendNotification(target, resolved, { policy, ctx: ctx2 })).toMatchObject({ ok: true });
    await eventually(
      () => alertsFor('credit-risk-am'),
      (a) => a.length === 0,
      'the alert to resolve',
    );

    const messages = await eventually(
      hookMessages,
      (m) => m.some((x) => x.status === 'resolved'),
      'a resolved notification',
    );
    expect(messages[0]).toMatchObject({
      status: 'firing',
      alerts: [{ labels: { model: 'credit-risk-am' } }],
    });
    expect(messages.find((m) => m.status === 'resolved')).toMatchObject({
      alerts: [{ labels: { model: 'credit-risk-am', feature: 'income' } }],
    });
  });

  it("sends webhook payloads with every field of the real Alertmanager's version-4 payload", async () => {
    const real = JSON.parse(hook.requests[0]?.body ?? '{}') as Record<string, unknown> & { alerts: object[] };
    expect(real.version).toBe('4');
    const ours = webhookPayload(firing, {
      receiver: 'r',
      externalURL: 'https://mw.example.com',
      now: new Date(),
    });
    expect(Object.keys(ours)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(Object.keys(ours.alerts[0] ?? {})).toEqual(
      expect.arrayContaining(Object.keys(real.alerts[0] ?? {})),
    );
  });
});
