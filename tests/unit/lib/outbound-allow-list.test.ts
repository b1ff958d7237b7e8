import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { parseAllowEntry, splitAllowList } from '../../../src/lib/outbound/allow-list.js';
import { checkUrl } from '../../../src/lib/outbound/check-url.js';
import { createOutboundPolicy } from '../../../src/lib/outbound/policy.js';
import { fakeResolver } from '../../helpers/fake-resolver.js';

describe('ALLOWED_WEBHOOK_HOSTS entries', () => {
  it.each([
    ['127.0.0.1', 'range'],
    ['127.1', 'range'], // read as the URL parser reads it: 127.0.0.1
    ['10.0.0.0/8', 'range'],
    ['fd00::/8', 'range'],
    ['[::1]', 'range'],
    ['::1', 'range'],
    ['Alertmanager.Monitoring.svc.', 'host'],
    ['receiver', 'host'],
  ])('%s is a %s entry', (entry, kind) => {
    expect(parseAllowEntry(entry).kind).toBe(kind);
  });

  it.each(['10.0.0.0/33', '10/8', 'fd00::/129', 'host:8080', 'http://host/', 'a b', 'user@host', ''])(
    'rejects %j with a message',
    (entry) => {
      expect(() => parseAllowEntry(entry)).toThrow(/not/);
    },
  );

  it('is parsed and validated by the config schema (default: empty)', () => {
    const ok = parseConfig({ ALLOWED_WEBHOOK_HOSTS: ' 127.0.0.1, am.internal ,, 10.0.0.0/8 ' });
    expect(ok).toMatchObject({
      ok: true,
      config: { ALLOWED_WEBHOOK_HOSTS: ['127.0.0.1', 'am.internal', '10.0.0.0/8'] },
    });
    expect(parseConfig({})).toMatchObject({ ok: true, config: { ALLOWED_WEBHOOK_HOSTS: [] } });
    const bad = parseConfig({ ALLOWED_WEBHOOK_HOSTS: '10.0.0.0/33,a b' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.filter((p) => p.startsWith('ALLOWED_WEBHOOK_HOSTS'))).toHaveLength(2);
  });

  it('splits on commas and drops blanks', () => {
    expect(splitAllowList(' a ,b,, c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('checkUrl with an allow-list', () => {
  const resolve = fakeResolver({
    'am.internal': ['10.1.2.3'],
    'metadata.internal': ['169.254.169.254'],
    'sneaky.example.com': ['127.0.0.1', '10.9.9.9'],
    'mapped.example.com': ['::ffff:127.0.0.1'],
  });
  const policy = createOutboundPolicy({
    allowedHosts: ['127.0.0.1', 'AM.Internal.', '192.168.0.0/16', 'metadata.internal', '169.254.0.0/16'],
    resolve,
  });

  it.each([
    ['http://127.0.0.1:9093/', '127.0.0.1'],
    ['http://2130706433:9093/', '127.0.0.1'], // the same address in another spelling
    ['http://am.internal:9093/', '10.1.2.3'], // allowed by name, whatever private address it has
    ['http://AM.INTERNAL./', '10.1.2.3'],
    ['http://192.168.44.5/', '192.168.44.5'], // inside an allowed range
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'], // the mapped form of an allowed address
    ['http://mapped.example.com/', '::ffff:127.0.0.1'],
  ])('accepts %s', async (url, address) => {
    expect(await checkUrl(url, policy)).toMatchObject({ ok: true, addresses: [{ address }] });
  });

  it.each([
    ['http://127.0.0.2/', 'loopback'], // only the listed address, not its neighbours
    ['http://10.1.2.3/', 'private'], // am.internal's address is allowed under that name only
    ['http://sneaky.example.com/', 'private'], // one allowed address does not carry the other (gitlab #293733)
    ['http://metadata.internal/', 'metadata'], // a name never unlocks a metadata address
    ['http://169.254.169.254/', 'metadata'], // nor does a range containing it
  ])('refuses %s (%s)', async (url, category) => {
    expect(await checkUrl(url, policy)).toMatchObject({ ok: false, reason: 'blocked_address', category });
  });

  it('unlocks a metadata address only when an entry names it exactly', async () => {
    const exact = createOutboundPolicy({ allowedHosts: ['169.254.169.254'], resolve });
    expect(await checkUrl('http://169.254.169.254/', exact)).toMatchObject({ ok: true });
  });
});
