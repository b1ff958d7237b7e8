import { describe, expect, it } from 'vitest';
import { pagerDutyEvent } from '../../../../src/modules/alerting/channels/pagerduty.js';
import { buildChannelRequest } from '../../../../src/modules/alerting/channels/send.js';
import { channelTargetSchema } from '../../../../src/modules/alerting/channels/targets.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';

// PagerDuty Events API v2 (developer.pagerduty.com, docs/events-API-v2/02-Trigger-Events.md):
// required routing_key, event_action; for a trigger payload.summary (≤1024), payload.source,
// payload.severity ∈ {critical, error, warning, info}; dedup_key ≤255; links [{href, text}].
const KEY = 'R0123456789abcdef0123456789abcde';

describe('PagerDuty events', () => {
  it('trigger a firing alert with the fingerprint as dedup_key', () => {
    const n = sampleNotification();
    const e = pagerDutyEvent(n, KEY);
    expect(e).toMatchObject({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: n.fingerprint,
      payload: {
        summary: 'Feature income drifted on credit-risk (value 0.2735, threshold 0.1)',
        source: 'modelwatch/models/credit-risk',
        severity: 'warning',
        timestamp: n.startsAt,
        component: 'income',
        class: 'FeatureDrift',
        custom_details: { model: 'credit-risk', feature: 'income', value: n.value, threshold: 0.1 },
      },
      client: 'modelwatch',
      client_url: n.generatorURL,
    });
    if (e.event_action === 'trigger') {
      expect(e.links[0]).toEqual({ href: n.generatorURL, text: 'Open in modelwatch' });
      for (const link of e.links) expect(link.href).toMatch(/^https:\/\//);
    }
  });

  it('carries the segment value of a segment alert in its details', () => {
    const base = sampleNotification();
    const e = pagerDutyEvent(sampleNotification({ labels: { ...base.labels, segment: 'country:DE' } }), KEY);
    expect(e.event_action === 'trigger' && e.payload.custom_details).toMatchObject({ segment: 'country:DE' });
    expect(pagerDutyEvent(base, KEY)).not.toHaveProperty('payload.custom_details.segment');
  });

  it.each(['critical', 'warning', 'info'] as const)(
    'maps severity %s to the same PagerDuty severity',
    (severity) => {
      const base = sampleNotification();
      const e = pagerDutyEvent(sampleNotification({ labels: { ...base.labels, severity } }), KEY);
      expect(e.event_action === 'trigger' && e.payload.severity).toBe(severity);
    },
  );

  it('resolve with only routing_key, event_action and dedup_key', () => {
    const n = sampleNotification({ status: 'resolved', endsAt: '2025-03-01T11:00:00.000Z' });
    expect(pagerDutyEvent(n, KEY)).toEqual({
      routing_key: KEY,
      event_action: 'resolve',
      dedup_key: n.fingerprint,
    });
  });

  it('caps the summary at 1024 characters', () => {
    const e = pagerDutyEvent(sampleNotification({ annotations: { summary: 'x'.repeat(1000) } }), KEY);
    expect(e.event_action === 'trigger' && Array.from(e.payload.summary).length).toBe(1024);
  });

  it('goes to the Events API v2 endpoint unless the target names another (e.g. the EU one)', () => {
    const ctx = { receiver: 'pd', externalURL: 'https://mw.example.com', now: new Date() };
    const us = channelTargetSchema.parse({ type: 'pagerduty', routingKey: KEY });
    expect(buildChannelRequest(us, sampleNotification(), ctx).url).toBe(
      'https://events.pagerduty.com/v2/enqueue',
    );
    const eu = channelTargetSchema.parse({
      type: 'pagerduty',
      routingKey: KEY,
      url: 'https://events.eu.pagerduty.com/v2/enqueue',
    });
    expect(buildChannelRequest(eu, sampleNotification(), ctx).url).toBe(
      'https://events.eu.pagerduty.com/v2/enqueue',
    );
  });
});
