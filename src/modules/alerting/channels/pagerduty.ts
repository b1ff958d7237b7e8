import type { PagerDutyTarget } from './targets.js';
import {
  formatValue,
  jsonRequest,
  type AlertNotification,
  type ChannelContext,
  type OutboundRequest,
} from './types.js';

/**
 * PagerDuty Events API v2 (PagerDuty/developer-docs docs/events-API-v2/02-Trigger-Events.md):
 * a firing notification is a `trigger`, a resolved one a `resolve`, both with the alert's fingerprint
 * as `dedup_key`, so re-sent triggers update the open alert and the resolve closes it. A resolve
 * needs only routing_key, event_action and dedup_key. PagerDuty answers 202; 429 and 5xx are retried.
 */
export type PagerDutyEvent =
  | {
      routing_key: string;
      event_action: 'trigger';
      dedup_key: string;
      payload: {
        summary: string;
        source: string;
        severity: 'critical' | 'error' | 'warning' | 'info';
        timestamp: string;
        component?: string;
        class: string;
        custom_details: Record<string, unknown>;
      };
      links: { href: string; text: string }[];
      client: string;
      client_url: string;
    }
  | { routing_key: string; event_action: 'resolve'; dedup_key: string };

export function pagerDutyEvent(n: AlertNotification, routingKey: string): PagerDutyEvent {
  if (n.status === 'resolved') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: n.fingerprint };
  }
  const { model, feature, segment, rule, severity, alertname } = n.labels;
  const summary = `${n.annotations.summary} (value ${formatValue(n.value)}, threshold ${formatValue(n.threshold)})`;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: n.fingerprint,
    payload: {
      summary: Array.from(summary).slice(0, 1024).join(''),
      // The model is the "affected system"; the feature, when the alert is about one, its component.
      source: `modelwatch/models/${model}`,
      // Our severities are a subset of PagerDuty's (critical, error, warning, info): same names.
      severity,
      timestamp: n.startsAt,
      ...(feature ? { component: feature } : {}),
      class: alertname,
      custom_details: {
        model,
        ...(segment ? { segment } : {}),
        ...(feature ? { feature } : {}),
        rule,
        value: n.value,
        threshold: n.threshold,
        ...(n.driftStartedAt ? { drift_started_at: n.driftStartedAt } : {}),
        ...(n.annotations.description ? { description: n.annotations.description } : {}),
        ...(n.annotations.runbook_url ? { runbook_url: n.annotations.runbook_url } : {}),
        notification_id: n.notificationId,
      },
    },
    links: [{ href: n.generatorURL, text: 'Open in modelwatch' }, ...n.links],
    client: 'modelwatch',
    client_url: n.generatorURL,
  };
}

export function buildPagerDutyRequest(
  n: AlertNotification,
  target: PagerDutyTarget,
  _ctx: ChannelContext,
): OutboundRequest {
  return jsonRequest(target.url, pagerDutyEvent(n, target.routingKey));
}
