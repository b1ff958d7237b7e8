import ipaddr from 'ipaddr.js';

/**
 * Whether one IP address may be dialled by an outbound request, and if not, why.
 *
 * The special-purpose ranges come from ipaddr.js (RFC 6890 and successors: private, loopback,
 * link-local, CGNAT, multicast, broadcast, reserved, documentation, benchmarking, ...). On top of it:
 * - cloud metadata endpoints get their own category, because an allow-listed host name must never
 *   unlock them (see allow-list.ts);
 * - IPv6 must be global unicast (2000::/3): ipaddr.js calls the deprecated IPv4-compatible form
 *   `::a.b.c.d` "unicast", and anything outside 2000::/3 is not a place a webhook receiver lives;
 * - addresses that embed an IPv4 address and reach it directly (IPv4-mapped `::ffff:a.b.c.d`, NAT64
 *   `64:ff9b::a.b.c.d`) are judged by the embedded address, so a DNS64 network still reaches public
 *   receivers while `64:ff9b::a9fe:a9fe` (169.254.169.254) is refused;
 * - 6to4 (2002::/16), Teredo (2001::/32) and the local-use NAT64 prefix (64:ff9b:1::/48) are refused
 *   whatever they embed: they are deprecated or site-specific, their embedding is not one fixed
 *   layout, and no real receiver needs them. Refusing is simpler and safer than decoding them.
 */
export type AddressVerdict =
  | { blocked: false; address: string }
  | { blocked: true; address: string; category: BlockedCategory; via?: 'ipv4-mapped' | 'nat64' };

export type BlockedCategory =
  | 'metadata'
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'
  | 'unique_local'
  | 'site_local'
  | 'ipv4_translated'
  | 'nat64_local'
  | '6to4'
  | 'teredo'
  | 'benchmarking'
  | 'not_global_unicast'
  | 'invalid';

/** Instance metadata services: AWS/GCP/Azure/OpenStack, AWS ECS and IPv6 IMDS, Alibaba, Azure WireServer, Oracle. */
const METADATA_ADDRESSES = [
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  '168.63.129.16',
  '192.0.0.192',
  'fd00:ec2::254',
].map((a) => ipaddr.parse(a));

const IPV4_CATEGORIES: Record<string, BlockedCategory> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
};

const IPV6_CATEGORIES: Record<string, BlockedCategory> = {
  unspecified: 'unspecified',
  linkLocal: 'link_local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique_local',
  deprecatedSiteLocal: 'site_local',
  rfc6145: 'ipv4_translated',
  rfc6052: 'nat64_local',
  '6to4': '6to4',
  teredo: 'teredo',
  benchmarking: 'benchmarking',
};

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

export function classifyAddress(address: string): AddressVerdict {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return { blocked: true, address, category: 'invalid' };
  }
  if (isMetadataAddress(parsed)) return { blocked: true, address, category: 'metadata' };
  if (parsed.kind() === 'ipv4') return classifyIPv4(parsed as ipaddr.IPv4, address);
  return classifyIPv6(parsed as ipaddr.IPv6, address);
}

function classifyIPv4(ip: ipaddr.IPv4, address: string): AddressVerdict {
  const range = ip.range();
  if (range === 'unicast') return { blocked: false, address };
  return { blocked: true, address, category: IPV4_CATEGORIES[range] ?? 'reserved' };
}

function classifyIPv6(ip: ipaddr.IPv6, address: string): AddressVerdict {
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    const inner = classifyAddress(embedded.ipv4.toString());
    if (!inner.blocked) return { blocked: false, address };
    return { blocked: true, address, category: inner.category, via: embedded.via };
  }
  const range = ip.range();
  if (range !== 'unicast') return { blocked: true, address, category: IPV6_CATEGORIES[range] ?? 'reserved' };
  if (!ip.match(GLOBAL_UNICAST)) return { blocked: true, address, category: 'not_global_unicast' };
  return { blocked: false, address };
}

export function isMetadataAddress(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return METADATA_ADDRESSES.some((m) => m.kind() === ip.kind() && sameAddress(m, ip));
}

function sameAddress(a: ipaddr.IPv4 | ipaddr.IPv6, b: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return a.toByteArray().join('.') === b.toByteArray().join('.');
}

/** The IPv4 address an IPv4-mapped or well-known-prefix NAT64 address delivers to, if any. */
export function embeddedIPv4(ip: ipaddr.IPv6): { ipv4: ipaddr.IPv4; via: 'ipv4-mapped' | 'nat64' } | null {
  if (ip.isIPv4MappedAddress()) return { ipv4: ip.toIPv4Address(), via: 'ipv4-mapped' };
  if (ip.match(NAT64_WELL_KNOWN)) {
    const bytes = ip.toByteArray().slice(12);
    return { ipv4: new ipaddr.IPv4(bytes), via: 'nat64' };
  }
  return null;
}
