import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remoteAddress: string;
}

export type ReceiverHandler = (req: ReceivedRequest, res: http.ServerResponse) => void;

export interface LocalReceiver {
  port: number;
  requests: ReceivedRequest[];
  /** `http://127.0.0.1:<port><path>`, or with another host name (resolved by the test's resolver). */
  url(path?: string, host?: string): string;
  close(): Promise<void>;
}

/** A small HTTP server on 127.0.0.1 that records what it receives; answers 200 "ok" by default. */
export async function startReceiver(handler?: ReceiverHandler): Promise<LocalReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        remoteAddress: req.socket.remoteAddress ?? '',
      };
      requests.push(received);
      if (handler) handler(received, res);
      else res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    url: (path = '/', host = '127.0.0.1') => `http://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
