import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy in front of the service that misbehaves as networks and overloaded services do,
 * on a fixed cycle of the requests it receives (so a run is repeatable):
 *   - 503 with `Retry-After` without forwarding (the service shedding);
 *   - 429 with `Retry-After` without forwarding (a rate limit);
 *   - the connection destroyed before forwarding (nothing stored);
 *   - forwarded, and the connection destroyed once the service has answered (stored, but the
 *     client never learns it: its retry must come back as duplicates).
 * Every other request is forwarded as it came. Clients' tests check that every event still
 * arrives exactly once (tests/integration/clients/python-client.test.ts).
 */
export interface FlakyProxy {
  url: string;
  /** Requests seen, and how many got each fault. */
  counts: Record<'requests' | 'shed' | 'limited' | 'droppedBefore' | 'droppedAfter', number>;
  close(): Promise<void>;
}

type Fault = 'shed' | 'limited' | 'droppedBefore' | 'droppedAfter' | null;

function faultFor(n: number): Fault {
  switch (n % 10) {
    case 2:
      return 'shed';
    case 5:
      return 'limited';
    case 7:
      return 'droppedAfter';
    case 9:
      return n % 20 === 19 ? 'droppedBefore' : null;
    default:
      return null;
  }
}

/** `faulty(req)` says which requests may get a fault (default: every one). */
export async function startFlakyProxy(
  upstream: string,
  faulty: (req: IncomingMessage) => boolean = () => true,
): Promise<FlakyProxy> {
  const target = new URL(upstream);
  const counts = { requests: 0, shed: 0, limited: 0, droppedBefore: 0, droppedAfter: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const n = counts.requests++;
    const fault = faulty(req) ? faultFor(n) : null;
    if (fault) counts[fault]++;
    if (fault === 'shed' || fault === 'limited') {
      req.resume();
      // Mostly "retry at once", now and then a real one-second wait, as Retry-After allows both.
      const retryAfter = n % 100 === 2 ? '1' : '0';
      res.writeHead(fault === 'shed' ? 503 : 429, {
        'content-type': 'application/problem+json',
        'retry-after': retryAfter,
      });
      res.end(JSON.stringify({ title: fault === 'shed' ? 'Overloaded (proxy)' : 'Rate limited (proxy)' }));
      return;
    }
    if (fault === 'droppedBefore') {
      req.socket.destroy();
      return;
    }
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upstreamRes) => {
        if (fault === 'droppedAfter') {
          upstreamRes.resume();
          upstreamRes.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
