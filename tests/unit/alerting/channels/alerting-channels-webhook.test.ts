import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookTargetSchema } from '../../../../src/modules/alerting/channels/targets.js';
import { buildWebhookRequest, webhookPayload } from '../../../../src/modules/alerting/channels/webhook.js';
import { generateWebhookSecret } from '../../../../src/modules/alerting/channels/webhook-signing.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';

// The fields of Alertmanager's webhook payload, version 4, as prometheus.io/docs/alerting/latest/
// configuration/#webhook_config lists them (and notify/webhook/webhook.go + template.Data encode them).
const V4_TOP_LEVEL = [
  'version',
  'groupKey',
  'truncatedAlerts',
  'status',
  'receiver',
  'groupLabels',
  'commonLabels',
  'commonAnnotations',
  'externalURL',
  'alerts',
];
const V4_ALERT = ['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint'];
const ctx = {
  receiver: 'ops-webhook',
  externalURL: 'https://modelwatch.example.com',
  now: new Date('2025-03-01T10:05:00Z'),
};

describe('webhook payload (Alertmanager webhook v4 + our fields)', () => {
  it('has every v4 field, one alert, and our notificationId and modelwatch object', () => {
    const n = sampleNotification();
    const p = webhookPayload(n, ctx);
    for (const key of V4_TOP_LEVEL) expect(p).toHaveProperty(key);
    expect(p.alerts).toHaveLength(1);
    for (const key of V4_ALERT) expect(p.alerts[0]).toHaveProperty(key);
    expect(p).toMatchObject({
      version: '4',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ops-webhook',
      externalURL: 'https://modelwatch.example.com',
      commonLabels: n.labels,
      commonAnnotations: n.annotations,
      groupLabels: {
        alertname: 'FeatureDrift',
        feature: 'income',
        model: 'credit-risk',
        rule: 'feature-drift-default',
      },
      groupKey:
        '{}:{alertname="FeatureDrift", feature="income", model="credit-risk", rule="feature-drift-default"}',
      notificationId: n.notificationId,
      modelwatch: {
        fingerprint: n.fingerprint,
        model: 'credit-risk',
        feature: 'income',
        segment: null,
        value: n.value,
        threshold: 0.1,
      },
    });
    expect(p.alerts[0]).toMatchObject({
      fingerprint: n.fingerprint,
      startsAt: n.startsAt,
      generatorURL: n.generatorURL,
    });
  });

  it('sends endsAt as Alertmanager does: Go zero time while firing, the resolve time once resolved', () => {
    expect(webhookPayload(sampleNotification(), ctx).alerts[0]?.endsAt).toBe('0001-01-01T00:00:00Z');
    const resolved = sampleNotification({ status: 'resolved', endsAt: '2025-03-01T11:00:00.000Z' });
    expect(webhookPayload(resolved, ctx)).toMatchObject({
      status: 'resolved',
      alerts: [{ status: 'resolved', endsAt: '2025-03-01T11:00:00.000Z' }],
    });
  });

  it('leaves unset labels out rather than sending undefined or null', () => {
    const { feature: _feature, ...modelLabels } = sampleNotification().labels;
    const n = sampleNotification({ labels: modelLabels });
    const p = webhookPayload(n, ctx);
    expect(p.commonLabels).not.toHaveProperty('feature');
    expect(p.groupLabels).not.toHaveProperty('feature');
    expect(p.modelwatch.feature).toBeNull();
  });
});

describe('buildWebhookRequest', () => {
  it('signs exactly the bytes it sends, with the notification id as webhook-id', () => {
    const secret = generateWebhookSecret();
    const target = webhookTargetSchema.parse({
      type: 'webhook',
      url: 'https://hooks.example.com/mw',
      secret,
    });
    const n = sampleNotification();
    const request = buildWebhookRequest(n, target, { ...ctx, now: new Date() });
    expect(request.url).toBe('https://hooks.example.com/mw');
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': n.notificationId,
    });
    const verified = new Webhook(secret).verify(request.body, request.headers) as { notificationId: string };
    expect(verified.notificationId).toBe(n.notificationId);
  });

  it('rejects a target whose secret is not a whsec_ secret', () => {
    const parsed = webhookTargetSchema.safeParse({
      type: 'webhook',
      url: 'https://h.example.com/',
      secret: 'hunter2',
    });
    expect(parsed.success).toBe(false);
  });
});
