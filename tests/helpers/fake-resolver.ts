import { isIPv6 } from 'node:net';
import type { ResolvedAddress, Resolver } from '../../src/lib/outbound/policy.js';

/**
 * A resolver that answers from a table, as DNS would, and records every question: injected through
 * the outbound policy to play a public-looking name that resolves to a private address, or a name
 * whose second answer differs from its first (rebinding). Unknown names fail like NXDOMAIN; as in DNS,
 * a trailing dot (the root) names the same host.
 */
export function fakeResolver(answers: Record<string, string[] | string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    const nth = calls.filter((c) => c === hostname).length;
    calls.push(hostname);
    const entry = answers[hostname.replace(/\.$/, '')];
    if (entry === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const list = (
      Array.isArray(entry[0]) ? (entry as string[][])[Math.min(nth, entry.length - 1)] : entry
    ) as string[];
    return list.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}
