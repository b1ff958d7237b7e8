import { describe, expect, it } from 'vitest';
import { clientOf, createAuthFailureLimiter } from '../../../src/http/plugins/auth-failures.js';
import { parseConfig } from '../../../src/config.js';

describe('failed authentications per client address', () => {
  it('allows perMinute failures at once, then one more per 60/perMinute seconds', () => {
    let now = 0;
    const limiter = createAuthFailureLimiter(6, () => now);
    for (let i = 0; i < 6; i++) {
      expect(limiter.waitMs('192.0.2.1')).toBe(0);
      limiter.charge('192.0.2.1');
    }
    expect(limiter.waitMs('192.0.2.1')).toBe(10_000);
    expect(limiter.waitMs('192.0.2.2')).toBe(0);
    now += 9_999;
    expect(limiter.waitMs('192.0.2.1')).toBe(1);
    now += 1;
    expect(limiter.waitMs('192.0.2.1')).toBe(0);
  });

  it('counts an IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 address', () => {
    expect(clientOf('2001:db8:1:2:aaaa::1')).toBe(clientOf('2001:db8:1:2:bbbb::2'));
    expect(clientOf('2001:db8:1:2::1')).not.toBe(clientOf('2001:db8:1:3::1'));
    expect(clientOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientOf('192.0.2.7')).toBe('192.0.2.7');
  });
});

describe('TRUST_PROXY', () => {
  const parse = (value: string) => parseConfig({ TRUST_PROXY: value });

  it('reads off, true, a hop count, or addresses and CIDR ranges', () => {
    const trust = (value: string) => {
      const parsed = parse(value);
      return parsed.ok ? parsed.config.TRUST_PROXY : parsed.problems;
    };
    expect(trust('')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.0.2.1')).toEqual(['10.0.0.0/8', '192.0.2.1']);
    expect(trust('10.0.0.0/8,lb.internal')).toEqual([
      'TRUST_PROXY: "lb.internal" is not an IP address or CIDR range',
    ]);
  });
});
