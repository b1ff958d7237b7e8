import { z } from 'zod';
import { webhookSecretKey } from './webhook-signing.js';

/**
 * Where and how each channel type delivers. These hold secrets (the webhook secret, the PagerDuty
 * routing key, and the Slack URL, whose path is its credential): never log or return them.
 */
const httpUrl = z.url({ protocol: /^https?$/ });

const webhookSecret = z.string().refine(
  (s) => {
    try {
      webhookSecretKey(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be whsec_ followed by the base64 of 24 to 64 bytes' },
);

export const webhookTargetSchema = z.object({
  type: z.literal('webhook'),
  url: httpUrl,
  secret: webhookSecret,
  /** Still signed with during a rotation, so receivers holding the old secret keep verifying. */
  previousSecret: webhookSecret.optional(),
});

export const slackTargetSchema = z.object({ type: z.literal('slack'), url: httpUrl });

export const pagerDutyTargetSchema = z.object({
  type: z.literal('pagerduty'),
  routingKey: z.string().min(1).max(255),
  url: httpUrl.default('https://events.pagerduty.com/v2/enqueue'),
});

export const alertmanagerTargetSchema = z.object({
  type: z.literal('alertmanager'),
  /** Alertmanager's base URL (including any --web.route-prefix); /api/v2/alerts is appended. */
  url: httpUrl,
});

export const channelTargetSchema = z.discriminatedUnion('type', [
  webhookTargetSchema,
  slackTargetSchema,
  pagerDutyTargetSchema,
  alertmanagerTargetSchema,
]);

export type ChannelTarget = z.infer<typeof channelTargetSchema>;
export type WebhookTarget = z.infer<typeof webhookTargetSchema>;
export type SlackTarget = z.infer<typeof slackTargetSchema>;
export type PagerDutyTarget = z.infer<typeof pagerDutyTargetSchema>;
export type AlertmanagerTarget = z.infer<typeof alertmanagerTargetSchema>;
