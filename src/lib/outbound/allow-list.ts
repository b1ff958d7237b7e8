import { isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';
import { embeddedIPv4, isMetadataAddress, type BlockedCategory } from './classify-address.js';

/**
 * The operator's exceptions (`ALLOWED_WEBHOOK_HOSTS`): host names, IP addresses and CIDR ranges
 * that may be dialled although they are private (for receivers inside the operator's network).
 *
 * Each resolved address is judged on its own: allowing 127.0.0.1 does not let a host that also
 * resolves to 10.0.0.1 through (GitLab once lifted rebinding protection for every local address
 * when one was allowed, gitlab #293733). A host-name entry accepts whatever that name resolves to,
 * except cloud metadata addresses; those pass only when an entry names that exact address.
 */
export type AllowEntry =
  | { kind: 'host'; text: string; host: string }
  | { kind: 'range'; text: string; range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

export interface AllowList {
  readonly entries: readonly AllowEntry[];
  /** Whether an address that `classifyAddress` blocked may still be dialled for a URL naming `host`. */
  permits(host: string, address: string, category: BlockedCategory): boolean;
}

/** `"a, b,,c"` → `['a', 'b', 'c']`. */
export function splitAllowList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses one entry; throws an Error whose message says what is wrong with it. */
export function parseAllowEntry(entry: string): AllowEntry {
  const text = entry.trim();
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (text.includes('/')) {
    const valid = bare.includes(':')
      ? ipaddr.IPv6.isValidCIDR(bare)
      : ipaddr.IPv4.isValidCIDRFourPartDecimal(bare);
    if (!valid) throw new Error(`"${text}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
    return { kind: 'range', text, range: ipaddr.parseCIDR(bare) };
  }
  if (bare.includes(':')) {
    if (!ipaddr.IPv6.isValid(bare))
      throw new Error(`"${text}" is not an IPv6 address (ports are not allowed)`);
    return { kind: 'range', text, range: [ipaddr.IPv6.parse(bare), 128] };
  }
  if (text === '' || /[\s@?#\\]/.test(text)) throw new Error(`"${text}" is not a host name, IP or CIDR`);
  let host: string;
  try {
    host = new URL(`http://${text}/`).hostname;
  } catch {
    throw new Error(`"${text}" is not a host name, IP or CIDR`);
  }
  // The URL parser reads 127.1 or 0x7f000001 as 127.0.0.1, exactly as it will read a webhook URL.
  if (isIPv4(host)) return { kind: 'range', text, range: [ipaddr.IPv4.parse(host), 32] };
  return { kind: 'host', text, host: normalizeHost(host) };
}

export function parseAllowList(entries: readonly string[]): AllowList {
  const parsed = entries.map(parseAllowEntry);
  const hosts = new Set(parsed.flatMap((e) => (e.kind === 'host' ? [e.host] : [])));
  const ranges = parsed.flatMap((e) => (e.kind === 'range' ? [e.range] : []));
  return {
    entries: parsed,
    permits(host, address, category) {
      const ip = ipaddr.parse(address);
      const candidates = [ip];
      if (ip.kind() === 'ipv6') {
        const inner = embeddedIPv4(ip as ipaddr.IPv6);
        if (inner) candidates.push(inner.ipv4);
      }
      if (category === 'metadata') {
        return ranges.some(([net, bits]) =>
          candidates.some((c) => isMetadataAddress(c) && isWholeAddress(net, bits) && inRange(c, net, bits)),
        );
      }
      if (hosts.has(normalizeHost(host))) return true;
      return ranges.some(([net, bits]) => candidates.some((c) => inRange(c, net, bits)));
    },
  };
}

function inRange(ip: ipaddr.IPv4 | ipaddr.IPv6, net: ipaddr.IPv4 | ipaddr.IPv6, bits: number): boolean {
  return ip.kind() === net.kind() && ip.match(net, bits);
}

function isWholeAddress(net: ipaddr.IPv4 | ipaddr.IPv6, bits: number): boolean {
  return bits === (net.kind() === 'ipv4' ? 32 : 128);
}

/** Host names compare case-insensitively and without the root label's trailing dot. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
