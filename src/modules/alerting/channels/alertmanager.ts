import type { AlertmanagerTarget } from './targets.js';
import {
  definedStrings,
  formatValue,
  jsonRequest,
  type AlertNotification,
  type ChannelContext,
  type OutboundRequest,
} from './types.js';

/**
 * Alertmanager API v2, `POST /api/v2/alerts` with an array of postable alerts
 * (prometheus/alertmanager api/v2/openapi.yaml, docs/alerts_api.md). Alertmanager forgets a firing
 * alert once its endsAt passes, so a firing alert holds a lease that the caller renews on every
 * evaluation: endsAt = now + 4 × max(evaluation interval, 1 min), as Prometheus does
 * (rules/alerting.go: "allow for two Eval or Alertmanager send failures"). A resolved alert is sent
 * with endsAt = the time it resolved, which Alertmanager treats as resolved at once.
 */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

const MIN_INTERVAL_SECONDS = 60; // Prometheus' default --rules.alert.resend-delay
const LEASE_INTERVALS = 4;

export function postableAlert(n: AlertNotification, ctx: ChannelContext): PostableAlert {
  const interval = Math.max(ctx.evaluationIntervalSeconds ?? MIN_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS);
  const endsAt =
    n.status === 'firing'
      ? new Date(ctx.now.getTime() + LEASE_INTERVALS * interval * 1000).toISOString()
      : (n.endsAt ?? ctx.now.toISOString());
  return {
    labels: definedStrings(n.labels),
    annotations: {
      ...definedStrings(n.annotations),
      value: formatValue(n.value),
      threshold: formatValue(n.threshold),
      ...(n.driftStartedAt ? { drift_started_at: n.driftStartedAt } : {}),
    },
    startsAt: n.startsAt,
    endsAt,
    generatorURL: n.generatorURL,
  };
}

export function buildAlertmanagerRequest(
  n: AlertNotification,
  target: AlertmanagerTarget,
  ctx: ChannelContext,
): OutboundRequest {
  const base = target.url.endsWith('/') ? target.url : `${target.url}/`;
  return jsonRequest(new URL('api/v2/alerts', base).toString(), [postableAlert(n, ctx)]);
}
