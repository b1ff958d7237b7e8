import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../../src/lib/outbound/policy.js';
import { safePost } from '../../../src/lib/outbound/safe-post.js';
import { fakeResolver } from '../../helpers/fake-resolver.js';

// https through the pinned lookup: the socket goes to the checked address while TLS still speaks to
// the host name (SNI) and still verifies the certificate. The fixture certificate is self-signed
// (tests/fixtures/tls/README.md), so the handshake must fail verification.
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url));
const secureContext = () =>
  tls.createSecureContext({ key: fixture('receiver.test-key.pem'), cert: fixture('receiver.test-cert.pem') });

const servers: { server: net.Server; sockets: Set<net.Socket> }[] = [];
afterEach(async () => {
  const closing = servers.splice(0).map(({ server, sockets }) => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  await Promise.all(closing);
});

async function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const policy = createOutboundPolicy({
  allowedHosts: ['receiver.test'],
  resolve: fakeResolver({ 'receiver.test': ['127.0.0.1'] }),
});

describe('safePost over https', () => {
  it('sends the host name as SNI to the checked address and verifies the certificate', async () => {
    const serverNames: string[] = [];
    // SNICallback runs with the client's server name before the client judges the certificate.
    const server = tls.createServer({
      SNICallback: (name, cb) => {
        serverNames.push(name);
        cb(null, secureContext());
      },
    });
    server.on('tlsClientError', () => undefined);
    const port = await listen(server);

    const result = await safePost(`https://receiver.test:${port}/hook`, { body: 'x', policy });
    expect(serverNames).toEqual(['receiver.test']);
    expect(result).toMatchObject({
      ok: false,
      outcome: 'network_error',
      reason: 'tls_error',
      retryable: true,
    });
  });

  it('times out the connection when the TLS handshake never completes', async () => {
    const port = await listen(net.createServer()); // accepts TCP, never speaks TLS
    const result = await safePost(`https://receiver.test:${port}/`, {
      body: 'x',
      policy,
      connectTimeoutMs: 200,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({
      ok: false,
      outcome: 'timeout',
      reason: 'connect_timeout',
      retryable: true,
    });
  });
});
