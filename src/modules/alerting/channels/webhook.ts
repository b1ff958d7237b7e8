import { signWebhook } from './webhook-signing.js';
import type { WebhookTarget } from './targets.js';
import {
  definedStrings,
  type AlertNotification,
  type ChannelContext,
  type OutboundRequest,
} from './types.js';

/**
 * The webhook channel's body: Alertmanager's webhook payload, version 4 (prometheus/alertmanager
 * docs/configuration.md §webhook_config; notify/webhook/webhook.go), so receivers written for
 * Alertmanager work unchanged, plus `notificationId` and a `modelwatch` object of our own.
 * One notification is one alert, grouped by its identity (alertname, rule, model, feature, segment).
 */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }[];
  notificationId: string;
  modelwatch: {
    fingerprint: string;
    model: string;
    feature: string | null;
    /** A segment value's alert: `key:value`; null for the whole model. */
    segment: string | null;
    rule: string;
    severity: string;
    value: number | null;
    threshold: number;
    /** Drift alerts: the estimated start of the change; null when not estimated. */
    driftStartedAt: string | null;
    links: { text: string; href: string }[];
  };
}

// What Alertmanager sends as endsAt for a firing alert (Go's zero time).
const ZERO_TIME = '0001-01-01T00:00:00Z';
const GROUP_BY = ['alertname', 'feature', 'model', 'rule', 'segment'];

export function webhookPayload(n: AlertNotification, ctx: ChannelContext): WebhookPayload {
  const labels = definedStrings(n.labels);
  const annotations = definedStrings(n.annotations);
  const groupLabels = Object.fromEntries(GROUP_BY.flatMap((k) => (labels[k] ? [[k, labels[k]]] : [])));
  const endsAt = n.status === 'resolved' ? (n.endsAt ?? ctx.now.toISOString()) : ZERO_TIME;
  return {
    version: '4',
    groupKey: `{}:${formatLabelSet(groupLabels)}`,
    truncatedAlerts: 0,
    status: n.status,
    receiver: ctx.receiver,
    groupLabels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: ctx.externalURL,
    alerts: [
      {
        status: n.status,
        labels,
        annotations,
        startsAt: n.startsAt,
        endsAt,
        generatorURL: n.generatorURL,
        fingerprint: n.fingerprint,
      },
    ],
    notificationId: n.notificationId,
    modelwatch: {
      fingerprint: n.fingerprint,
      model: n.labels.model,
      feature: n.labels.feature ?? null,
      segment: n.labels.segment ?? null,
      rule: n.labels.rule,
      severity: n.labels.severity,
      value: n.value,
      threshold: n.threshold,
      driftStartedAt: n.driftStartedAt ?? null,
      links: n.links,
    },
  };
}

/** The signed request: the same bytes are signed and sent. */
export function buildWebhookRequest(
  n: AlertNotification,
  target: WebhookTarget,
  ctx: ChannelContext,
): OutboundRequest {
  const body = JSON.stringify(webhookPayload(n, ctx));
  const secrets = target.previousSecret ? [target.secret, target.previousSecret] : [target.secret];
  const signature = signWebhook({ id: n.notificationId, timestamp: ctx.now, body, secrets });
  return { url: target.url, headers: { 'content-type': 'application/json', ...signature }, body };
}

/** Alertmanager's group key notation: `{name="value", ...}`, names sorted. */
function formatLabelSet(labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${pairs.join(', ')}}`;
}
