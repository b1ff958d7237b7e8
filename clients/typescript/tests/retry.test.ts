import { describe, expect, it } from 'vitest';
import { backoffSeconds, isRetryable, MAX_RETRY_AFTER_SECONDS, retryAfterSeconds } from '../src/retry.js';

describe('the retry policy', () => {
  it('retries network-level trouble and overload, never a request the service refused', () => {
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(isRetryable(status), String(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422])
      expect(isRetryable(status), String(status)).toBe(false);
  });

  it("reads Retry-After's two forms", () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds('0')).toBe(0);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterSeconds(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(retryAfterSeconds(new Date(now - 30_000).toUTCString(), now)).toBe(0);
  });

  it('backs off exponentially with full jitter, capped; Retry-After wins within a bound', () => {
    const top = { base: 0.1, cap: 2, random: () => 1 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffSeconds(n, null, top))).toEqual([0.1, 0.2, 0.4, 0.8, 1.6, 2]);
    expect(backoffSeconds(5, null, { random: () => 0 })).toBe(0);
    expect(backoffSeconds(1000, null, top)).toBe(2);
    expect(backoffSeconds(0, 7, top)).toBe(7);
    expect(backoffSeconds(0, 1e9, top)).toBe(MAX_RETRY_AFTER_SECONDS);
  });
});
