import type { RefusalReason } from './check-url.js';

/**
 * What happened to one outbound request, in terms a retry policy and an API caller can use.
 * It never carries the receiver's response body or headers (OWASP API7: "Do not send raw responses
 * to clients"); only the status code, a classification and the receiver's Retry-After.
 */
export type DeliveryOutcome =
  | 'delivered' // 2xx
  | 'redirect' // 3xx: not followed; the URL should be updated (Standard Webhooks)
  | 'gone' // 410: the receiver asks us to stop (Standard Webhooks: disable the endpoint)
  | 'throttled' // 408, 429
  | 'client_error' // other 4xx (and 1xx): retrying will not help
  | 'server_error' // 5xx
  | 'refused' // the URL failed the outbound check; nothing was sent
  | 'timeout'
  | 'network_error';

export interface DeliveryResult {
  ok: boolean;
  outcome: DeliveryOutcome;
  /** Present when a response arrived. */
  status?: number;
  /** A short machine-readable cause: a refusal reason, `connect_timeout`, `connection_refused`, `tls_error` ... */
  reason?: string;
  /** Whether sending the same request later may succeed (PagerDuty and Standard Webhooks conventions). */
  retryable: boolean;
  /** The receiver's Retry-After, in seconds, when it sent one. */
  retryAfterSeconds?: number;
  durationMs: number;
}

export function resultFromStatus(
  status: number,
  retryAfter: string | undefined,
  durationMs: number,
  now: Date,
): DeliveryResult {
  const outcome = outcomeOfStatus(status);
  const retryable = outcome === 'throttled' || outcome === 'server_error';
  const retryAfterSeconds = parseRetryAfter(retryAfter, now);
  return {
    ok: outcome === 'delivered',
    outcome,
    status,
    retryable,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    durationMs,
  };
}

function outcomeOfStatus(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 300 && status < 400) return 'redirect';
  if (status === 410) return 'gone';
  if (status === 408 || status === 429) return 'throttled';
  if (status >= 500) return 'server_error';
  return 'client_error';
}

export function resultFromRefusal(reason: RefusalReason, durationMs: number): DeliveryResult {
  return { ok: false, outcome: 'refused', reason, retryable: false, durationMs };
}

/** Timeouts and socket errors are worth retrying: the receiver may be back later. */
export function resultFromError(err: unknown, durationMs: number): DeliveryResult {
  const reason = errorReason(err);
  const outcome = reason === 'timeout' || reason === 'connect_timeout' ? 'timeout' : 'network_error';
  return { ok: false, outcome, reason, retryable: true, durationMs };
}

function errorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ETIMEDOUT_TOTAL') return 'timeout';
  if (code === 'ETIMEDOUT_CONNECT') return 'connect_timeout';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection_reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns_failure';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return 'tls_error';
  return 'network_error';
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; capped at a day, since a retry plan spans about that. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  const seconds = /^\d+$/.test(trimmed)
    ? Number(trimmed)
    : Math.ceil((Date.parse(trimmed) - now.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(Math.max(seconds, 0), 86_400);
}
