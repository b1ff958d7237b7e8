import { z } from 'zod';
import {
  alertStateSchema,
  modelIdSchema,
  pageQueryShape,
  resourceIdSchema,
  severitySchema,
} from '../alerting.schemas.js';
import { apiDateTime } from '../../../lib/api-time.js';
import { comparatorSchema } from '../rules/rules.schemas.js';

export const ackSchema = z.object({
  episode: z.int().describe('the firing episode it acknowledged; a new episode needs a new ack'),
  by: z.string().describe('the API key id'),
  comment: z.string(),
  at: z.iso.datetime(),
});

export const alertSchema = z
  .object({
    id: z.string().describe('the fingerprint: stable for (rule, model, feature, segment)'),
    ruleId: resourceIdSchema,
    model: modelIdSchema,
    feature: z.string().nullable(),
    segment: z
      .object({ key: z.string(), value: z.string() })
      .nullable()
      .describe(
        'the segment value a segment rule’s alert is about (label `segment`: key:value); null: the whole model',
      ),
    window: z.string(),
    severity: severitySchema,
    state: alertStateSchema,
    episode: z.int().describe('counts pending-or-firing periods; notifications and acks belong to one'),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    value: z.number().nullable().describe('the last value the rule read'),
    threshold: z.number(),
    pendingSince: z.iso.datetime().nullable(),
    firedAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    driftStartedAt: z.iso
      .datetime()
      .nullable()
      .describe('drift alerts: the estimated start of the change (docs/statistics.md#drift-onset)'),
    detectionDelaySeconds: z
      .number()
      .nonnegative()
      .nullable()
      .describe('firedAt - driftStartedAt: how long the change went unnoticed'),
    lastWindowEnd: z.iso.datetime().describe('the window end of the last evaluation applied'),
    acknowledgement: ackSchema.nullable().describe('the latest ack of the current episode'),
    silencedBy: z.array(z.string()).describe('ids of the silences in force that match its labels'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof alertSchema>;

export const transitionSchema = z.object({
  episode: z.int(),
  from: alertStateSchema,
  to: alertStateSchema,
  value: z.number().nullable(),
  at: z.iso.datetime().describe('the window end of the evaluation that caused it'),
  reason: z.string().describe('evaluation, or rule_removed'),
});

/** An alert's reply lists this many acknowledgements and counts the rest (issue 8, bounded replies). */
export const MAX_LISTED_ACKS = 100;

export const alertDetailSchema = alertSchema
  .extend({
    transitions: z.array(transitionSchema).describe('newest first, at most 100'),
    acknowledgements: z.array(ackSchema).describe(`newest first, at most ${MAX_LISTED_ACKS}`),
    acknowledgementCount: z.int().nonnegative().describe('all acknowledgements of the alert'),
  })
  .meta({ id: 'AlertDetail' });

export const alertParamsSchema = z.object({
  alertId: z.string().regex(/^[0-9a-f]{32}$/, 'is not an alert id'),
});

export const listAlertsQuerySchema = z.object({
  state: alertStateSchema.optional(),
  model: modelIdSchema.optional(),
  severity: severitySchema.optional(),
  rule: resourceIdSchema.optional(),
  ...pageQueryShape,
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

export const alertPageSchema = z.object({ items: z.array(alertSchema), nextCursor: z.string().nullable() });

export const ackBodySchema = z.object({ comment: z.string().max(2000).default('') });
export const ackResponseSchema = ackSchema.meta({ id: 'Acknowledgement' });

const attemptSchema = z.object({
  attempt: z.int(),
  at: z.iso.datetime(),
  durationMs: z.number(),
  statusCode: z.int().nullable().describe('the receiver’s status code; its body is never kept'),
  outcome: z.string(),
  errorClass: z.string().nullable(),
});

export const deliverySchema = z.object({
  id: z.string().describe('the notification id: the webhook-id, the same on every attempt'),
  channelId: z.string(),
  channelType: z.enum(['webhook', 'slack', 'pagerduty', 'alertmanager']),
  episode: z.int(),
  status: z.enum(['firing', 'resolved']),
  state: z.enum(['queued', 'delivered', 'failed', 'suppressed', 'cancelled']),
  silenceId: z.string().nullable().describe('set when a silence held it back'),
  attempts: z.array(attemptSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const deliveryListSchema = z
  .object({ items: z.array(deliverySchema).describe('newest first') })
  .meta({ id: 'AlertDeliveries' });

export const deliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const alertValuesQuerySchema = z.object({
  from: apiDateTime().optional().describe('window ends after this; default: 24 hours before `to`'),
  to: apiDateTime().optional().describe('window ends at or before this; default: now'),
  limit: z.coerce.number().int().min(1).max(1000).default(500).describe('the newest this many points'),
});
export type AlertValuesQuery = z.infer<typeof alertValuesQuerySchema>;

export const alertValuesSchema = z
  .object({
    alertId: z.string(),
    window: z.string(),
    feature: z.string().nullable(),
    segment: z
      .object({ key: z.string(), value: z.string() })
      .nullable()
      .describe('a segment value’s alert reads that value’s stored evaluations'),
    condition: z.string().describe("the rule's condition kind"),
    comparator: comparatorSchema,
    threshold: z.number(),
    points: z
      .array(
        z.object({
          windowEnd: z.iso.datetime(),
          value: z.number().nullable().describe('null where the evaluation gave the rule no data'),
        }),
      )
      .describe('oldest first: the value the rule read from each stored evaluation of its window'),
  })
  .meta({ id: 'AlertValues' });
