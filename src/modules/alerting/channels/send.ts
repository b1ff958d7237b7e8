import { safePost } from '../../../lib/outbound/safe-post.js';
import type { DeliveryResult } from '../../../lib/outbound/delivery-result.js';
import type { OutboundPolicy } from '../../../lib/outbound/policy.js';
import { buildAlertmanagerRequest } from './alertmanager.js';
import { buildPagerDutyRequest } from './pagerduty.js';
import { buildSlackRequest } from './slack.js';
import type { ChannelTarget } from './targets.js';
import type { AlertNotification, ChannelContext, OutboundRequest } from './types.js';
import { buildWebhookRequest } from './webhook.js';

/** The request a channel would send for a notification; pure, so tests and the channel test route can show it. */
export function buildChannelRequest(
  target: ChannelTarget,
  n: AlertNotification,
  ctx: ChannelContext,
): OutboundRequest {
  switch (target.type) {
    case 'webhook':
      return buildWebhookRequest(n, target, ctx);
    case 'slack':
      return buildSlackRequest(n, target, ctx);
    case 'pagerduty':
      return buildPagerDutyRequest(n, target, ctx);
    case 'alertmanager':
      return buildAlertmanagerRequest(n, target, ctx);
  }
}

/**
 * Delivers one notification to one channel through the outbound guard. One attempt: retries,
 * backoff and rate limits belong to the notify queue, which reads `retryable` and `retryAfterSeconds`.
 */
export async function sendNotification(
  target: ChannelTarget,
  n: AlertNotification,
  deps: { policy: OutboundPolicy; ctx: ChannelContext; timeoutMs?: number },
): Promise<DeliveryResult> {
  const request = buildChannelRequest(target, n, deps.ctx);
  return safePost(request.url, {
    headers: request.headers,
    body: request.body,
    policy: deps.policy,
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  });
}
