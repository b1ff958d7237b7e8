import { lookup } from 'node:dns/promises';
import { parseAllowList, type AllowList } from './allow-list.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (A and AAAA). Rejects when the name does not resolve. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What an outbound request may reach, and how host names are resolved. Built once, in container.ts. */
export interface OutboundPolicy {
  allowList: AllowList;
  resolve: Resolver;
}

/**
 * The system resolver (getaddrinfo, as every other Node client uses), asking for all addresses in
 * the order the system returns them, so that the check sees every address the connection could use.
 */
export const systemResolver: Resolver = async (hostname) => {
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

export function createOutboundPolicy(
  options: { allowedHosts?: readonly string[]; resolve?: Resolver } = {},
): OutboundPolicy {
  return {
    allowList: parseAllowList(options.allowedHosts ?? []),
    resolve: options.resolve ?? systemResolver,
  };
}
