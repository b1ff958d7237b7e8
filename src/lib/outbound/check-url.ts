import { isIP } from 'node:net';
import { classifyAddress, type BlockedCategory } from './classify-address.js';
import type { OutboundPolicy, ResolvedAddress } from './policy.js';

export type RefusalReason =
  'invalid_url' | 'scheme_not_allowed' | 'credentials_in_url' | 'dns_failure' | 'blocked_address';

export type UrlCheck =
  | {
      ok: true;
      /** The parsed URL: the request must be built from this object, not from the string again. */
      url: URL;
      /** The host to connect to, without IPv6 brackets. */
      hostname: string;
      /** Every address the host resolved to; the connection is pinned to these. */
      addresses: ResolvedAddress[];
    }
  | { ok: false; reason: RefusalReason; category?: BlockedCategory; message: string };

/**
 * Decides whether an outbound URL may be called: http(s) only, no credentials, and every address
 * its host resolves to public or allowed by the operator. The WHATWG URL parser already reads
 * decimal, hex, octal and short IPv4 forms (http://2130706433/, 0x7f.1, 0177.0.0.1, 127.1) as
 * dotted quads, and rejects IPv6 zone ids, so the judgement below sees one canonical spelling.
 * Messages name the category, never the address, so they are safe to show to the API caller.
 */
export async function checkUrl(input: string | URL, policy: OutboundPolicy): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('invalid_url', 'the URL cannot be parsed');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse('scheme_not_allowed', 'only http and https URLs are allowed');
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('credentials_in_url', 'the URL must not contain a user name or password');
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') return refuse('invalid_url', 'the URL has no host');

  let addresses: ResolvedAddress[];
  const family = isIP(hostname);
  if (family !== 0) {
    addresses = [{ address: hostname, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await policy.resolve(hostname);
    } catch {
      // Never fall through to "allowed" when resolution fails (gitlab-ce #63959).
      return refuse('dns_failure', 'the host name does not resolve');
    }
    if (addresses.length === 0) return refuse('dns_failure', 'the host name resolves to no address');
  }

  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (verdict.blocked && !policy.allowList.permits(hostname, address, verdict.category)) {
      const via = verdict.via ? ` (through ${verdict.via})` : '';
      return {
        ok: false,
        reason: 'blocked_address',
        category: verdict.category,
        message: `the host resolves to a ${verdict.category.replaceAll('_', '-')} address${via}; an operator can allow it in ALLOWED_WEBHOOK_HOSTS`,
      };
    }
  }
  return { ok: true, url, hostname, addresses };
}

function refuse(reason: RefusalReason, message: string): UrlCheck {
  return { ok: false, reason, message };
}
