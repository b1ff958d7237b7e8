import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../../../src/lib/outbound/policy.js';
import { sendNotification } from '../../../../src/modules/alerting/channels/send.js';
import { generateWebhookSecret } from '../../../../src/modules/alerting/channels/webhook-signing.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';
import { startReceiver, type LocalReceiver } from '../../../helpers/local-receiver.js';

// Each channel end to end through the outbound guard, to receivers on 127.0.0.1 (allowed by the
// operator's list, as ALLOWED_WEBHOOK_HOSTS would). The webhook receiver verifies signatures with
// the standardwebhooks library, as a receiver written from the spec would.
const receivers: LocalReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(handler?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(handler);
  receivers.push(r);
  return r;
}

const allowLoopback = createOutboundPolicy({ allowedHosts: ['127.0.0.1'] });
const ctx = () => ({ receiver: 'ops', externalURL: 'https://modelwatch.example.com', now: new Date() });

describe('sendNotification', () => {
  it('delivers a signed webhook that verifies; a retry keeps the id and signs a new timestamp', async () => {
    const secret = generateWebhookSecret();
    const verified: unknown[] = [];
    const r = await receiver((req, res) => {
      try {
        verified.push(new Webhook(secret).verify(req.body, req.headers as Record<string, string>));
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end();
      }
    });
    const target = { type: 'webhook' as const, url: r.url('/hooks/mw'), secret };
    const n = sampleNotification();

    const first = await sendNotification(target, n, { policy: allowLoopback, ctx: ctx() });
    const later = { ...ctx(), now: new Date(Date.now() + 2000) };
    const retry = await sendNotification(target, n, { policy: allowLoopback, ctx: later });

    expect([first, retry]).toMatchObject([
      { ok: true, status: 204 },
      { ok: true, status: 204 },
    ]);
    expect(verified).toHaveLength(2);
    expect(verified[0]).toMatchObject({ version: '4', notificationId: n.notificationId, status: 'firing' });
    const [a, b] = r.requests;
    expect(a?.headers['webhook-id']).toBe(n.notificationId);
    expect(b?.headers['webhook-id']).toBe(n.notificationId);
    expect(Number(b?.headers['webhook-timestamp'])).toBeGreaterThan(Number(a?.headers['webhook-timestamp']));
  });

  it('delivers Slack and PagerDuty JSON bodies', async () => {
    const slack = await receiver();
    const pd = await receiver((_req, res) => res.writeHead(202).end('{"status":"success"}'));
    const n = sampleNotification();
    const deps = { policy: allowLoopback, ctx: ctx() };

    expect(
      await sendNotification({ type: 'slack', url: slack.url('/services/T/B/X') }, n, deps),
    ).toMatchObject({
      ok: true,
      status: 200,
    });
    const pdTarget = {
      type: 'pagerduty' as const,
      routingKey: 'R0123456789abcdef0123456789abcde',
      url: pd.url('/v2/enqueue'),
    };
    expect(await sendNotification(pdTarget, n, deps)).toMatchObject({ ok: true, status: 202 });

    expect(slack.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(slack.requests[0]?.body ?? '')).toMatchObject({
      text: expect.stringContaining('FIRING'),
    });
    expect(JSON.parse(pd.requests[0]?.body ?? '')).toMatchObject({
      event_action: 'trigger',
      dedup_key: n.fingerprint,
    });
  });

  it('refuses a channel URL on loopback unless the operator allowed it', async () => {
    const r = await receiver();
    const result = await sendNotification({ type: 'slack', url: r.url('/') }, sampleNotification(), {
      policy: createOutboundPolicy(),
      ctx: ctx(),
    });
    expect(result).toMatchObject({ ok: false, outcome: 'refused', reason: 'blocked_address' });
    expect(r.requests).toHaveLength(0);
  });
});
