import { z } from 'zod';
import { resourceIdSchema } from '../alerting.schemas.js';

const httpUrl = z.url({ protocol: /^https?$/ });

const rateLimitSchema = z
  .object({
    perSecond: z.number().positive().max(1000),
    burst: z.int().min(1).max(1000),
  })
  .describe('deliveries to this channel, across every worker; default by type (Slack: 1 per second)');

const common = {
  name: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('shown to receivers (the webhook’s receiver); default: the id'),
  default: z
    .boolean()
    .default(false)
    .describe('rules that name no channels deliver to every default channel'),
  rateLimit: rateLimitSchema.optional(),
};

/** The body of `PUT /v1/channels/{channelId}`. Secrets (URL paths, keys) are never returned. */
export const channelSpecSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('webhook'),
      url: httpUrl,
      rotateSecret: z
        .boolean()
        .default(false)
        .describe('issue a new signing secret; the old one keeps signing too until the next rotation'),
      ...common,
    }),
    z.object({ type: z.literal('slack'), url: httpUrl.describe('the incoming-webhook URL'), ...common }),
    z.object({
      type: z.literal('pagerduty'),
      routingKey: z.string().min(1).max(255).describe('the Events API v2 integration key'),
      url: httpUrl.optional().describe('default: https://events.pagerduty.com/v2/enqueue'),
      ...common,
    }),
    z.object({
      type: z.literal('alertmanager'),
      url: httpUrl.describe('Alertmanager’s base URL; /api/v2/alerts is appended'),
      ...common,
    }),
  ])
  .meta({ id: 'ChannelSpec' });
export type ChannelSpec = z.infer<typeof channelSpecSchema>;
export type ChannelType = ChannelSpec['type'];

/** Delivery rates by channel type: Slack allows about one message a second, PagerDuty 120 a minute. */
export const DEFAULT_RATE_LIMITS: Record<ChannelType, { perSecond: number; burst: number }> = {
  webhook: { perSecond: 10, burst: 10 },
  slack: { perSecond: 1, burst: 1 },
  pagerduty: { perSecond: 2, burst: 2 },
  alertmanager: { perSecond: 10, burst: 10 },
};

export const channelParamsSchema = z.object({ channelId: resourceIdSchema });

export const channelSchema = z
  .object({
    id: resourceIdSchema,
    type: z.enum(['webhook', 'slack', 'pagerduty', 'alertmanager']),
    name: z.string(),
    default: z.boolean(),
    rateLimit: rateLimitSchema,
    destination: z
      .string()
      .describe('where it delivers, with credentials (Slack path, query, keys) left out'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Channel' });
export type Channel = z.infer<typeof channelSchema>;

export const savedChannelSchema = channelSchema.extend({
  secret: z
    .string()
    .optional()
    .describe('webhook only, when created or rotated: the signing secret, shown this once'),
});

export const channelListSchema = z.object({
  items: z.array(channelSchema).describe('one page, by id'),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
});

export const channelTestResultSchema = z
  .object({
    delivered: z.boolean(),
    outcome: z.string().describe('delivered, server_error, throttled, refused, timeout …'),
    statusCode: z.int().nullable().describe('the receiver’s status code; its body is never shown'),
    reason: z.string().nullable(),
    durationMs: z.number(),
  })
  .meta({ id: 'ChannelTestResult' });
export type ChannelTestResult = z.infer<typeof channelTestResultSchema>;
