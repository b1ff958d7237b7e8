import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../../src/lib/outbound/check-url.js';
import { createOutboundPolicy } from '../../../src/lib/outbound/policy.js';
import { fakeResolver } from '../../helpers/fake-resolver.js';

// Every spelling of a non-public destination named in issue 5 item 5, through the whole URL check.
// The expected category is the IANA special-purpose registry's (RFC 6890, 6598, 5737, 3849, 9637,
// 2544, 6052, 8215, 4291) as ipaddr.js names it, plus our metadata and IPv6 rules (classify-address.ts).
// Literal IPs are never resolved: the resolver below knows only "localhost".
const policy = createOutboundPolicy({
  resolve: fakeResolver({ localhost: ['127.0.0.1', '::1'] }),
});

const REFUSED: [url: string, category: string, via?: string][] = [
  // IPv4 loopback in every spelling the WHATWG parser accepts
  ['http://127.0.0.1/', 'loopback'],
  ['http://127.0.0.2/', 'loopback'], // gitlab-ce #51128
  ['http://127.255.255.254:8080/x', 'loopback'],
  ['http://2130706433/', 'loopback'], // decimal
  ['http://0x7f000001/', 'loopback'], // hex
  ['http://0X7F000001/', 'loopback'], // hex, uppercase
  ['http://0x7f.0.0.1/', 'loopback'], // hex first part
  ['http://0x7f.0x0.0x0.0x1/', 'loopback'],
  ['http://0177.0.0.1/', 'loopback'], // octal first part
  ['http://00000177.0.0.1/', 'loopback'],
  ['http://017700000001/', 'loopback'], // octal whole
  ['http://127.000.000.001/', 'loopback'],
  ['http://127.1/', 'loopback'], // short form
  ['http://127.0.1/', 'loopback'],
  ['http://127.0.0.1./', 'loopback'], // trailing dot
  ['http://%31%32%37.0.0.1/', 'loopback'], // percent-encoded
  ['http://①②⑦.0.0.1/', 'loopback'], // enclosed digits, mapped by IDNA
  ['HTTP://127.0.0.1/', 'loopback'], // uppercase scheme
  ['http://127.0.0.1:80\\@example.com/', 'loopback'], // backslash: the host is 127.0.0.1
  ['http://127.0.0.1#@example.com/', 'loopback'],
  ['http://localhost/', 'loopback'], // a name resolving to loopback
  ['http://LOCALHOST./', 'loopback'],
  // private, CGNAT, link-local, metadata
  ['http://10.0.0.1/', 'private'],
  ['http://10.1/', 'private'], // short form of 10.0.0.1
  ['http://167772161/', 'private'], // decimal 10.0.0.1
  ['http://172.16.0.1/', 'private'],
  ['http://172.31.255.255/', 'private'],
  ['http://192.168.1.1/', 'private'],
  ['http://0xc0a80101/', 'private'], // hex 192.168.1.1
  ['http://100.64.0.1/', 'cgnat'],
  ['http://100.127.255.254/', 'cgnat'],
  ['http://169.254.1.1/', 'link_local'],
  ['http://169.254.169.254/latest/meta-data/', 'metadata'],
  ['http://2852039166/', 'metadata'], // decimal 169.254.169.254
  ['http://0xa9fea9fe/', 'metadata'], // hex 169.254.169.254
  ['http://0251.0376.0251.0376/', 'metadata'], // octal 169.254.169.254
  ['http://169.254.170.2/v2/credentials', 'metadata'], // AWS ECS
  ['http://100.100.100.200/', 'metadata'], // Alibaba
  ['http://168.63.129.16/', 'metadata'], // Azure WireServer
  // multicast, unspecified, broadcast, reserved, benchmarking, documentation
  ['http://224.0.0.1/', 'multicast'],
  ['http://239.255.255.250/', 'multicast'],
  ['http://0.0.0.0/', 'unspecified'],
  ['http://0/', 'unspecified'],
  ['http://0.1.2.3/', 'unspecified'],
  ['http://255.255.255.255/', 'broadcast'],
  ['http://0xffffffff/', 'broadcast'],
  ['http://240.0.0.1/', 'reserved'],
  ['http://198.18.0.1/', 'reserved'], // benchmarking 198.18/15
  ['http://198.19.255.254/', 'reserved'],
  ['http://192.0.2.1/', 'reserved'], // TEST-NET-1
  ['http://198.51.100.7/', 'reserved'], // TEST-NET-2
  ['http://203.0.113.9/', 'reserved'], // TEST-NET-3
  ['http://192.0.0.8/', 'reserved'], // IETF protocol assignments
  // IPv6
  ['http://[::1]/', 'loopback'],
  ['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
  ['http://[::]/', 'unspecified'],
  ['http://[fe80::1]/', 'link_local'],
  ['http://[FE80::ABCD]/', 'link_local'], // uppercase
  ['http://[fc00::1]/', 'unique_local'],
  ['http://[fd12:3456::1]/', 'unique_local'],
  ['http://[fd00:ec2::254]/', 'metadata'], // AWS IMDS over IPv6
  ['http://[fec0::1]/', 'site_local'],
  ['http://[ff02::1]/', 'multicast'],
  ['http://[::ffff:127.0.0.1]/', 'loopback', 'ipv4-mapped'],
  ['http://[::ffff:7f00:1]/', 'loopback', 'ipv4-mapped'],
  ['http://[0:0:0:0:0:ffff:7f00:1]/', 'loopback', 'ipv4-mapped'],
  ['http://[::ffff:10.0.0.1]/', 'private', 'ipv4-mapped'],
  ['http://[::ffff:169.254.169.254]/', 'metadata', 'ipv4-mapped'],
  ['http://[64:ff9b::169.254.169.254]/', 'metadata', 'nat64'],
  ['http://[64:ff9b::a9fe:a9fe]/', 'metadata', 'nat64'],
  ['http://[64:ff9b::7f00:1]/', 'loopback', 'nat64'],
  ['http://[64:ff9b::10.0.0.1]/', 'private', 'nat64'],
  ['http://[64:ff9b:1::a00:1]/', 'nat64_local'],
  ['http://[::ffff:0:7f00:1]/', 'ipv4_translated'],
  ['http://[::127.0.0.1]/', 'not_global_unicast'], // deprecated IPv4-compatible
  ['http://[2002:7f00:1::]/', '6to4'], // embeds 127.0.0.1
  ['http://[2002:a9fe:a9fe::1]/', '6to4'], // embeds 169.254.169.254
  ['http://[2002:808:808::1]/', '6to4'], // refused even when it embeds a public address
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'teredo'],
  ['http://[2001:2::1]/', 'benchmarking'],
  ['http://[2001:db8::1]/', 'reserved'], // documentation
  ['http://[3fff::1]/', 'reserved'], // documentation, RFC 9637
  ['http://[100::1]/', 'reserved'], // discard-only
  ['http://[5f00::1]/', 'reserved'], // segment routing
];

describe('checkUrl refuses every spelling of a non-public address', () => {
  it.each(REFUSED)('%s → %s', async (url, category, via) => {
    const result = await checkUrl(url, policy);
    expect(result).toMatchObject({ ok: false, reason: 'blocked_address', category });
    if (!result.ok) {
      expect(result.message).toContain(category.replaceAll('_', '-'));
      if (via) expect(result.message).toContain(via);
    }
  });
});

describe('checkUrl refuses URLs it cannot judge', () => {
  it.each([
    ['http://[fe80::1%25eth0]/', 'invalid_url'], // zone id: the WHATWG parser rejects it
    ['http://[fe80::1%eth0]/', 'invalid_url'],
    ['http://4294967296/', 'invalid_url'], // beyond 32 bits
    ['http://1.2.3.4.5/', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['ftp://8.8.8.8/', 'scheme_not_allowed'],
    ['file:///etc/passwd', 'scheme_not_allowed'],
    ['gopher://8.8.8.8:70/', 'scheme_not_allowed'],
    ['data:text/plain,hi', 'scheme_not_allowed'],
    ['http://user@8.8.8.8/', 'credentials_in_url'],
    ['https://user:secret@hooks.example.com/', 'credentials_in_url'],
    ['https://:secret@hooks.example.com/', 'credentials_in_url'],
  ])('%s → %s', async (url, reason) => {
    expect(await checkUrl(url, policy)).toMatchObject({ ok: false, reason });
  });
});

describe('checkUrl accepts public addresses', () => {
  it.each([
    ['http://8.8.8.8/', '8.8.8.8'],
    ['https://1.1.1.1:8443/hook', '1.1.1.1'],
    ['http://134744072/', '8.8.8.8'], // decimal spelling of a public address is fine too
    ['http://100.63.255.255/', '100.63.255.255'], // just below CGNAT
    ['http://172.32.0.1/', '172.32.0.1'], // just above 172.16/12
    ['http://[2606:4700:4700::1111]/', '2606:4700:4700::1111'],
    ['http://[::ffff:8.8.8.8]/', '::ffff:808:808'], // IPv4-mapped public address
    ['http://[64:ff9b::8.8.8.8]/', '64:ff9b::808:808'], // DNS64/NAT64 reaching a public address
  ])('%s', async (url, address) => {
    const result = await checkUrl(url, policy);
    expect(result).toMatchObject({ ok: true, addresses: [{ address }] });
  });
});
