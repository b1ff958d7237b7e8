import { describe, expect, it } from 'vitest';
import {
  buildAlertmanagerRequest,
  postableAlert,
} from '../../../../src/modules/alerting/channels/alertmanager.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';

// Alertmanager API v2 postableAlert (api/v2/openapi.yaml): labels (required), annotations, startsAt,
// endsAt, generatorURL. The lease follows Prometheus rules/alerting.go: endsAt = now + 4 × max(interval, resend delay 1m).
const now = new Date('2025-03-01T10:05:00.000Z');
const ctx = { receiver: 'am', externalURL: 'https://mw.example.com', now };

describe('Alertmanager postable alerts', () => {
  it('carry string labels and annotations, with value and threshold as annotations', () => {
    const n = sampleNotification();
    const a = postableAlert(n, ctx);
    expect(a.labels).toEqual(n.labels); // the sample's labels are all set
    expect(a.annotations).toMatchObject({
      summary: n.annotations.summary,
      value: '0.2735',
      threshold: '0.1',
    });
    for (const v of [...Object.values(a.labels), ...Object.values(a.annotations)])
      expect(typeof v).toBe('string');
    expect(a).toMatchObject({ startsAt: n.startsAt, generatorURL: n.generatorURL });
  });

  it.each([
    [undefined, '2025-03-01T10:09:00.000Z'], // default interval 60 s → 4 min
    [30, '2025-03-01T10:09:00.000Z'], // never shorter than the 1 min resend delay
    [300, '2025-03-01T10:25:00.000Z'], // 4 × 5 min
  ])('hold a lease of four intervals while firing (interval %s s)', (interval, endsAt) => {
    const a = postableAlert(sampleNotification(), { ...ctx, evaluationIntervalSeconds: interval });
    expect(a.endsAt).toBe(endsAt);
  });

  it('end at the resolve time once resolved, or now when none is given', () => {
    const resolved = sampleNotification({ status: 'resolved', endsAt: '2025-03-01T10:04:00.000Z' });
    expect(postableAlert(resolved, ctx).endsAt).toBe('2025-03-01T10:04:00.000Z');
    expect(postableAlert(sampleNotification({ status: 'resolved' }), ctx).endsAt).toBe(now.toISOString());
  });

  it.each([
    ['http://am.internal:9093', 'http://am.internal:9093/api/v2/alerts'],
    ['http://am.internal:9093/', 'http://am.internal:9093/api/v2/alerts'],
    ['https://mon.example.com/alertmanager', 'https://mon.example.com/alertmanager/api/v2/alerts'],
  ])('post an array to %s → %s', (url, expected) => {
    const request = buildAlertmanagerRequest(sampleNotification(), { type: 'alertmanager', url }, ctx);
    expect(request.url).toBe(expected);
    expect(JSON.parse(request.body)).toHaveLength(1);
  });
});
