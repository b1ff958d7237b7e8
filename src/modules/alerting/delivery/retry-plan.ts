/**
 * How long the notify queue keeps trying: exponential backoff (first delay doubling up to a cap)
 * with as many attempts as it takes for the delays to add up to the horizon (24 h by default), so
 * that a receiver down for hours still gets every notification once it is back. Pure.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  horizonMs: number;
}

/** The delay before retry `retry` (1 for the first retry), before jitter and Retry-After. */
export function backoffDelay(retry: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 52);
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** exponent);
}

/** Attempts in all (the first one included) so that the retries span at least the horizon. */
export function attemptsFor(policy: RetryPolicy): number {
  let total = 0;
  let retries = 0;
  while (total < policy.horizonMs) {
    retries += 1;
    total += backoffDelay(retries, policy);
  }
  return retries + 1;
}

/**
 * The delay before a retry: the backoff plus up to 10% jitter (upwards only, so the plan still
 * spans the horizon), and never sooner than the receiver's Retry-After.
 */
export function retryDelay(
  retry: number,
  policy: RetryPolicy,
  options: { retryAfterMs?: number | undefined; random?: () => number } = {},
): number {
  const base = backoffDelay(retry, policy);
  const jittered = Math.round(base * (1 + 0.1 * (options.random ?? Math.random)()));
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
