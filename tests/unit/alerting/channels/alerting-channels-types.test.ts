import { describe, expect, it } from 'vitest';
import { channelTargetSchema } from '../../../../src/modules/alerting/channels/targets.js';
import { alertNotificationSchema, formatValue } from '../../../../src/modules/alerting/channels/types.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';

describe('the notification contract', () => {
  const valid = sampleNotification();

  it.each([
    ['a notificationId with "." (it delimits the signed content)', { notificationId: 'ntf.1' }],
    ['a fingerprint longer than PagerDuty’s 255-character dedup_key', { fingerprint: 'f'.repeat(256) }],
    ['a label name Alertmanager would reject', { labels: { ...valid.labels, 'team-name': 'x' } }],
    ['an unknown severity', { labels: { ...valid.labels, severity: 'page' } }],
    ['a startsAt that is not an RFC 3339 time', { startsAt: 'yesterday' }],
    ['a generatorURL that is not a URL', { generatorURL: '/models/x' }],
  ])('rejects %s', (_what, change) => {
    expect(alertNotificationSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('accepts a model-level alert with no value (a silent model)', () => {
    const { feature: _feature, ...labels } = valid.labels;
    expect(alertNotificationSchema.safeParse({ ...valid, labels, value: null }).success).toBe(true);
  });

  it('formats values with four significant digits', () => {
    expect([formatValue(0.2734518), formatValue(1234567), formatValue(0.1), formatValue(null)]).toEqual([
      '0.2735',
      '1235000',
      '0.1',
      'n/a',
    ]);
  });
});

describe('channel targets', () => {
  it.each([
    { type: 'slack', url: 'ftp://hooks.slack.com/x' },
    { type: 'alertmanager', url: 'not a url' },
    { type: 'pagerduty', routingKey: '' },
    { type: 'email', url: 'https://x.example.com' },
  ])('rejects %j', (target) => {
    expect(channelTargetSchema.safeParse(target).success).toBe(false);
  });
});
