import ipaddr from 'ipaddr.js';

/**
 * Failed authentications per client address, as a token bucket in this process: `perMinute` of
 * them at once, refilled at that rate. A client past it gets 429 without its key being looked up,
 * so guessing keys (each a fresh key to a per-key limiter) costs Postgres a bounded number of
 * lookups per address and minute (issue 8, finding 6).
 */
export interface AuthFailureLimiter {
  /** Milliseconds until the address may try a key this replica does not know; 0 when it may now. */
  waitMs(address: string): number;
  /** Counts one failed authentication against the address. */
  charge(address: string): void;
}

/** Addresses tracked at most; the oldest go first, which can only forgive, never block. */
const MAX_ADDRESSES = 10_000;

/**
 * One client, one bucket: an IPv6 client usually holds a whole /64, so that is what counts; an
 * IPv4-mapped IPv6 address is its IPv4 address.
 */
export function clientOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const network = v6.parts.slice(0, 4).map((part) => part.toString(16));
  return `${network.join(':')}::/64`;
}

export function createAuthFailureLimiter(
  perMinute: number,
  now: () => number = Date.now,
): AuthFailureLimiter {
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function tokens(client: string): number {
    const bucket = buckets.get(client);
    if (!bucket) return perMinute;
    return Math.min(perMinute, bucket.tokens + (now() - bucket.at) * perMs);
  }

  return {
    waitMs(address) {
      const available = tokens(clientOf(address));
      return available >= 1 ? 0 : Math.ceil((1 - available) / perMs);
    },
    charge(address) {
      const client = clientOf(address);
      const left = Math.max(0, tokens(client) - 1);
      buckets.delete(client);
      if (buckets.size >= MAX_ADDRESSES) buckets.delete(buckets.keys().next().value!);
      buckets.set(client, { tokens: left, at: now() });
    },
  };
}
