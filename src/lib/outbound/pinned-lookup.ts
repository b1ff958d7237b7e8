import type { LookupFunction } from 'node:net';
import { normalizeHost } from './allow-list.js';
import type { ResolvedAddress } from './policy.js';

/**
 * A `lookup` for http(s).request that answers only with the addresses already checked, so the socket
 * connects where the check looked and a second DNS answer (rebinding) is never consulted. The Host
 * header, TLS SNI and certificate check still use the host name, because the URL is unchanged.
 * Node calls it with `all: true` when it races IPv4 and IPv6 (autoSelectFamily), else for one address.
 */
export function pinnedLookup(hostname: string, addresses: readonly ResolvedAddress[]): LookupFunction {
  return (requested, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = addresses.filter((a) => wanted === 0 || a.family === wanted);
    const first = usable[0];
    if (normalizeHost(requested) !== normalizeHost(hostname) || first === undefined) {
      const err: NodeJS.ErrnoException = new Error(`no checked address for ${requested}`);
      err.code = 'ENOTFOUND';
      callback(err, '');
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, first.address, first.family);
  };
}
