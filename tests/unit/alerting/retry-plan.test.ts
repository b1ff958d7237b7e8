// The notify queue's retry plan: exponential, capped, and long enough to span the horizon.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config.js';
import {
  attemptsFor,
  backoffDelay,
  retryDelay,
  type RetryPolicy,
} from '../../../src/modules/alerting/delivery/retry-plan.js';

const sum = (policy: RetryPolicy) => {
  let total = 0;
  for (let retry = 1; retry < attemptsFor(policy); retry += 1) total += backoffDelay(retry, policy);
  return total;
};

describe('retry plan', () => {
  it('doubles from the first delay up to the cap', () => {
    const policy = { firstDelayMs: 5_000, maxDelayMs: 60_000, horizonMs: 1 };
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffDelay(r, policy))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });

  it('with the default configuration, the retries span at least 24 hours, and not a whole delay more', () => {
    const config = configSchema.parse({});
    const policy = {
      firstDelayMs: config.NOTIFY_RETRY_FIRST_DELAY_MS,
      maxDelayMs: config.NOTIFY_RETRY_MAX_DELAY_MS,
      horizonMs: config.NOTIFY_RETRY_HORIZON_MS,
    };
    const total = sum(policy);
    expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(total - backoffDelay(attemptsFor(policy) - 1, policy)).toBeLessThan(24 * 3_600_000);
  });

  it('spans any horizon: short ones for tests, long ones for patient operators', () => {
    for (const policy of [
      { firstDelayMs: 50, maxDelayMs: 200, horizonMs: 3_000 },
      { firstDelayMs: 1_000, maxDelayMs: 1_000, horizonMs: 10_000 },
      { firstDelayMs: 30_000, maxDelayMs: 7_200_000, horizonMs: 3 * 86_400_000 },
    ]) {
      expect(sum(policy)).toBeGreaterThanOrEqual(policy.horizonMs);
    }
  });

  it('jitters upwards by at most 10%, and waits at least the receiver’s Retry-After', () => {
    const policy = { firstDelayMs: 1_000, maxDelayMs: 10_000, horizonMs: 1 };
    expect(retryDelay(2, policy, { random: () => 0 })).toBe(2_000);
    expect(retryDelay(2, policy, { random: () => 0.999 })).toBe(2_200);
    expect(retryDelay(2, policy, { random: () => 0, retryAfterMs: 30_000 })).toBe(30_000);
    expect(retryDelay(2, policy, { random: () => 0, retryAfterMs: 500 })).toBe(2_000);
  });
});
