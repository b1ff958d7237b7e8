import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../../src/lib/outbound/check-url.js';
import { classifyAddress } from '../../../src/lib/outbound/classify-address.js';
import { createOutboundPolicy } from '../../../src/lib/outbound/policy.js';
import { fakeResolver } from '../../helpers/fake-resolver.js';

// What DNS answers: a public-looking name is judged by every address it resolves to.
describe('checkUrl judges every resolved address', () => {
  const resolve = fakeResolver({
    'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'internal.example.com': ['10.0.0.5'],
    'mixed.example.com': ['93.184.215.14', '127.0.0.1'], // one bad address is enough
    'v6-mapped.example.com': ['::ffff:169.254.169.254'],
    'nat64.example.com': ['64:ff9b::a9fe:a9fe'],
    'empty.example.com': [],
  });
  const policy = createOutboundPolicy({ resolve });

  it('accepts a name whose addresses are all public, and returns them for pinning', async () => {
    const result = await checkUrl('https://hooks.example.com/alerts', policy);
    expect(result).toMatchObject({
      ok: true,
      hostname: 'hooks.example.com',
      addresses: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
    });
  });

  it.each([
    ['https://internal.example.com/', 'private'],
    ['https://mixed.example.com/', 'loopback'],
    ['https://v6-mapped.example.com/', 'metadata'],
    ['https://nat64.example.com/', 'metadata'],
  ])('refuses %s (%s)', async (url, category) => {
    const result = await checkUrl(url, policy);
    expect(result).toMatchObject({ ok: false, reason: 'blocked_address', category });
    // The message is for API callers: it names the class of address, never the address itself.
    expect(JSON.stringify(result)).not.toMatch(/10\.0\.0\.5|127\.0\.0\.1|169\.254|a9fe/);
  });

  it('refuses a name that does not resolve, or resolves to nothing (never "allowed by default")', async () => {
    expect(await checkUrl('https://nxdomain.example.com/', policy)).toMatchObject({
      ok: false,
      reason: 'dns_failure',
    });
    expect(await checkUrl('https://empty.example.com/', policy)).toMatchObject({
      ok: false,
      reason: 'dns_failure',
    });
  });

  it('resolves the name once per check', async () => {
    resolve.calls.length = 0;
    await checkUrl('https://hooks.example.com/', policy);
    expect(resolve.calls).toEqual(['hooks.example.com']);
  });
});

describe('classifyAddress reads the forms resolvers return', () => {
  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'metadata'],
    ['FD00:EC2:0:0:0:0:0:254', 'metadata'],
    ['fe80::1%eth0', 'link_local'],
    ['not-an-ip', 'invalid'],
    ['', 'invalid'],
  ])('%s → %s', (address, category) => {
    expect(classifyAddress(address)).toMatchObject({ blocked: true, category });
  });

  it('lets public addresses through', () => {
    expect(classifyAddress('8.8.4.4')).toEqual({ blocked: false, address: '8.8.4.4' });
    expect(classifyAddress('2a00:1450:4001:82a::200e')).toEqual({
      blocked: false,
      address: '2a00:1450:4001:82a::200e',
    });
  });
});
