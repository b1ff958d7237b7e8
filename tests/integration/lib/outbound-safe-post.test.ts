import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../../src/lib/outbound/policy.js';
import { safePost } from '../../../src/lib/outbound/safe-post.js';
import { fakeResolver } from '../../helpers/fake-resolver.js';
import { startReceiver, type LocalReceiver } from '../../helpers/local-receiver.js';

// safePost against real HTTP servers on 127.0.0.1. Host names are answered by an injected resolver
// (the policy's `resolve`), so a test can make "receiver.test" resolve wherever it likes.
const receivers: LocalReceiver[] = [];
async function receiver(handler?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(handler);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const SECRET = 'aws-secret-access-key=AKIA-DO-NOT-LEAK';

describe('safePost to an allowed private receiver', () => {
  it('connects to the checked address and keeps the host name in the Host header', async () => {
    const r = await receiver();
    const resolve = fakeResolver({ 'receiver.test': ['127.0.0.1'] });
    const policy = createOutboundPolicy({ allowedHosts: ['receiver.test'], resolve });
    const result = await safePost(r.url('/hook?x=1', 'receiver.test'), {
      headers: { 'content-type': 'application/json', 'x-extra': 'yes' },
      body: '{"hello":"world"}',
      policy,
    });
    expect(result).toMatchObject({ ok: true, outcome: 'delivered', status: 200, retryable: false });
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]).toMatchObject({
      method: 'POST',
      path: '/hook?x=1',
      body: '{"hello":"world"}',
      remoteAddress: '127.0.0.1',
      headers: { host: `receiver.test:${r.port}`, 'content-type': 'application/json', 'x-extra': 'yes' },
    });
  });

  it('never asks DNS a second time, so a rebinding answer is not used', async () => {
    const r = await receiver();
    // First answer: the allowed address. Any later answer: somewhere else entirely.
    const resolve = fakeResolver({ 'rebind.test': [['127.0.0.1'], ['10.255.255.1']] });
    const policy = createOutboundPolicy({ allowedHosts: ['127.0.0.1'], resolve });
    const result = await safePost(r.url('/', 'rebind.test'), { body: 'x', policy });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(resolve.calls).toEqual(['rebind.test']);
    expect(r.requests[0]?.remoteAddress).toBe('127.0.0.1');
  });

  it('reports a closed port as a retryable network error', async () => {
    const r = await receiver();
    const url = r.url('/');
    await r.close();
    const policy = createOutboundPolicy({ allowedHosts: ['127.0.0.1'] });
    const result = await safePost(url, { body: 'x', policy });
    expect(result).toMatchObject({
      ok: false,
      outcome: 'network_error',
      reason: 'connection_refused',
      retryable: true,
    });
  });
});

describe('safePost refuses before sending anything', () => {
  it.each([
    ['a loopback URL with no allow-list', (r: LocalReceiver) => r.url('/')],
    ['a loopback URL spelled in decimal', (r: LocalReceiver) => `http://2130706433:${r.port}/`],
    ['a public-looking name resolving to loopback', (r: LocalReceiver) => r.url('/', 'hooks.example.com')],
  ])('%s', async (_name, urlOf) => {
    const r = await receiver();
    const policy = createOutboundPolicy({ resolve: fakeResolver({ 'hooks.example.com': ['127.0.0.1'] }) });
    const result = await safePost(urlOf(r), { body: 'x', policy });
    expect(result).toMatchObject({
      ok: false,
      outcome: 'refused',
      reason: 'blocked_address',
      retryable: false,
    });
    expect(r.requests).toHaveLength(0);
  });
});

describe('safePost reads responses without following or echoing them', () => {
  const policy = createOutboundPolicy({ allowedHosts: ['127.0.0.1'] });

  it.each([301, 302, 303, 307, 308])('does not follow a %i redirect', async (status) => {
    const target = await receiver();
    const r = await receiver((_req, res) => {
      res.writeHead(status, { location: target.url('/elsewhere') }).end(SECRET);
    });
    const result = await safePost(r.url('/'), { body: 'x', policy });
    expect(result).toMatchObject({ ok: false, outcome: 'redirect', status, retryable: false });
    expect(target.requests).toHaveLength(0);
    expect(JSON.stringify(result)).not.toContain('elsewhere');
  });

  it.each([
    [200, 'delivered', true, false],
    [202, 'delivered', true, false],
    [400, 'client_error', false, false],
    [404, 'client_error', false, false],
    [410, 'gone', false, false],
    [408, 'throttled', false, true],
    [429, 'throttled', false, true],
    [500, 'server_error', false, true],
    [502, 'server_error', false, true],
  ])(
    'a %i response is %s (ok %s, retryable %s) and its body is not returned',
    async (status, outcome, ok, retryable) => {
      const r = await receiver((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/plain', 'x-secret': SECRET }).end(SECRET);
      });
      const result = await safePost(r.url('/'), { body: 'x', policy });
      expect(result).toMatchObject({ ok, outcome, status, retryable });
      expect(JSON.stringify(result)).not.toContain('AKIA');
    },
  );

  it("passes on the receiver's Retry-After, in seconds", async () => {
    const r = await receiver((_req, res) => res.writeHead(429, { 'retry-after': '7' }).end());
    expect(await safePost(r.url('/'), { body: 'x', policy })).toMatchObject({ retryAfterSeconds: 7 });
  });

  it('stops reading a large response after a few KB', async () => {
    let written = 0;
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const result = await safePost(r.url('/'), { body: 'x', policy, maxResponseBytes: 4096 });
    expect(result).toMatchObject({ ok: true, status: 200 });
    // The receiver could not push its 64 MB: the socket was closed after the cap.
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('safePost timeouts', () => {
  it('gives up on a receiver that never answers', async () => {
    const r = await receiver(() => undefined);
    const policy = createOutboundPolicy({ allowedHosts: ['127.0.0.1'] });
    const result = await safePost(r.url('/'), { body: 'x', policy, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', reason: 'timeout', retryable: true });
    expect(r.requests).toHaveLength(1);
  });

  it('counts DNS resolution against the deadline', async () => {
    const policy = createOutboundPolicy({ resolve: () => new Promise(() => undefined) });
    const result = await safePost('http://slow-dns.example.com/', { body: 'x', policy, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', reason: 'timeout' });
  });
});
