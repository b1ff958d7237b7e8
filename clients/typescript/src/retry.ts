/**
 * The retry policy every request of the client follows: retried on a network error, 408, 429
 * and any 5xx, after the server's `Retry-After` when it gives one, else after an exponential
 * backoff with full jitter. Other answers are final.
 */

/** A Retry-After beyond this is read as this: a misconfigured proxy must not park the sender for hours. */
export const MAX_RETRY_AFTER_SECONDS = 300;

export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After in seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, (when - now) / 1000);
}

export interface BackoffOptions {
  /** Seconds: attempt n waits up to min(cap, base·2ⁿ). */
  base?: number;
  cap?: number;
  random?: () => number;
}

/** Seconds to wait before attempt `attempt + 1`: the server's Retry-After, else full jitter. */
export function backoffSeconds(
  attempt: number,
  retryAfter: number | null,
  options: BackoffOptions = {},
): number {
  if (retryAfter !== null) return Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS);
  const { base = 0.1, cap = 30, random = Math.random } = options;
  return random() * Math.min(cap, base * 2 ** Math.min(attempt, 32));
}
