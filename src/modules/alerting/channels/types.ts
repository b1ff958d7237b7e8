import { z } from 'zod';

/**
 * Glossary of a delivery:
 * - notification: one state change of one alert (firing or resolved) to be delivered to one channel;
 *   `notificationId` is stable across retries so receivers can deduplicate (webhook-id, dedup logs);
 * - fingerprint: the alert's identity (rule, model, feature, segment), stable across its whole life; it is
 *   PagerDuty's `dedup_key` and the webhook's `fingerprint`;
 * - channel target: where and how a channel delivers (URL, secret, routing key), see targets.ts;
 * - outbound request: the URL, headers and body a channel builds; lib/outbound sends it.
 */
export const severitySchema = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

// Prometheus label names, so that Alertmanager accepts every label we send.
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const alertLabelsSchema = z
  .object({
    alertname: z.string().min(1).max(200),
    model: z.string().min(1).max(200),
    rule: z.string().min(1).max(200),
    severity: severitySchema,
    feature: z.string().min(1).max(200).optional(),
    /** A segment value's alert: `key:value`. */
    segment: z.string().min(1).max(1000).optional(),
  })
  .catchall(z.string().max(1000))
  .refine((labels) => Object.keys(labels).every((k) => LABEL_NAME.test(k)), {
    message: 'label names must match [a-zA-Z_][a-zA-Z0-9_]*',
  });

export const alertAnnotationsSchema = z
  .object({
    summary: z.string().min(1).max(1000),
    description: z.string().max(10_000).optional(),
    runbook_url: z.url().optional(),
  })
  .catchall(z.string().max(10_000));

export const alertLinkSchema = z.object({ text: z.string().min(1).max(200), href: z.url() });

export const alertNotificationSchema = z.object({
  // Used as the Standard Webhooks `webhook-id`, which must not contain "." (see webhook-signing.ts).
  notificationId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  fingerprint: z.string().min(1).max(255), // PagerDuty caps dedup_key at 255 characters
  status: z.enum(['firing', 'resolved']),
  labels: alertLabelsSchema,
  annotations: alertAnnotationsSchema,
  /** The evaluated value; null when there was none (a silent model). */
  value: z.number().nullable(),
  threshold: z.number(),
  startsAt: z.iso.datetime({ offset: true }),
  /** Drift alerts: when the change is estimated to have begun (docs/statistics.md#drift-onset). */
  driftStartedAt: z.iso.datetime({ offset: true }).optional(),
  /** When the alert resolved; absent while firing. */
  endsAt: z.iso.datetime({ offset: true }).optional(),
  /** The page in modelwatch that shows the condition (Alertmanager's generatorURL). */
  generatorURL: z.url(),
  links: z.array(alertLinkSchema).max(20).default([]),
});

export type AlertNotification = z.infer<typeof alertNotificationSchema>;

/** What every channel needs besides the notification. */
export interface ChannelContext {
  /** The channel's name: the webhook payload's `receiver`. */
  receiver: string;
  /** modelwatch's public base URL: the webhook payload's `externalURL`. */
  externalURL: string;
  /** The time of this attempt: webhook-timestamp, Alertmanager lease. */
  now: Date;
  /** How often the alert is evaluated; Alertmanager's lease is four of these (at least a minute each). */
  evaluationIntervalSeconds?: number;
}

/** A request a channel wants sent; lib/outbound/safe-post sends it. */
export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A JSON POST: how Slack, PagerDuty and Alertmanager take their payloads. */
export function jsonRequest(url: string, payload: unknown): OutboundRequest {
  return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
}

/** The entries that are set: label and annotation maps as Alertmanager and receivers expect them. */
export function definedStrings(map: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** A value for people to read: four significant digits, "n/a" when there is none. */
export function formatValue(value: number | null): string {
  return value === null ? 'n/a' : String(Number(value.toPrecision(4)));
}
