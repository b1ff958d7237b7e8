/**
 * Issue 8, finding 8: every error the server can produce is problem+json, including those that
 * Fastify and Node's HTTP parser answer before a route runs (a malformed URL, an unknown route,
 * a URL or headers too large, a body too large, an unsupported media type, a request too slow).
 * Before: 400 FST_ERR_BAD_URL, 414 and 431 were application/json or bare. Tested over a real
 * socket, because `inject` never reaches Node's parser.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase } from '../../helpers/db.js';

let t: TestApp;
let port: number;

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: { REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000', BODY_LIMIT: '1048576' },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(() => t?.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `text` on a new connection and reads until the server closes it (or 10 s pass). */
function exchange(text: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (out += chunk));
    socket.on('error', reject);
    const timer = setTimeout(() => socket.destroy(new Error(`no answer in 10 s: ${out}`)), 10_000);
    socket.on('close', () => {
      clearTimeout(timer);
      const [head = '', ...rest] = out.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function expectRawProblem(res: RawResponse, status: number): { type: string; title: string; detail: string } {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { type: string; title: string; status: number; detail: string };
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

const request = (line: string, headers: string[] = [], body = '') =>
  exchange([line, 'Host: localhost', 'Connection: close', ...headers, '', body].join('\r\n'));

describe('errors answered before a route runs are problem+json', () => {
  it('400 for a URL that is not valid percent-encoding', async () => {
    const body = expectRawProblem(await request('GET /v1/models/%E0%A4%A HTTP/1.1'), 400);
    expect(body.detail).toMatch(/URL/);
  });

  it('404 for an unknown route', async () => {
    expectRawProblem(await request('GET /v1/nowhere HTTP/1.1'), 404);
  });

  it('414 for a URL longer than the server reads', async () => {
    const body = expectRawProblem(await request(`GET /v1/models/${'a'.repeat(2_000)} HTTP/1.1`), 414);
    expect(body.detail).toMatch(/URL/);
  });

  it('431 for headers larger than the server reads', async () => {
    const res = await request('GET /healthz HTTP/1.1', [`X-Padding: ${'a'.repeat(20_000)}`]);
    expect(expectRawProblem(res, 431).detail).toMatch(/header/i);
  });

  it('400 for a request line that is not HTTP', async () => {
    expectRawProblem(await exchange('GARBAGE\r\n\r\n'), 400);
  });

  it('413 for a declared body over BODY_LIMIT', async () => {
    const res = await request('POST /v1/models/m/predictions HTTP/1.1', [
      `Authorization: Bearer ${t.adminKey}`,
      'Content-Type: application/json',
      'Content-Length: 2000000',
    ]);
    expectRawProblem(res, 413);
  });

  it('415 for a body of a type no route reads', async () => {
    const res = await request(
      'POST /v1/models/m/predictions HTTP/1.1',
      [`Authorization: Bearer ${t.adminKey}`, 'Content-Type: text/weird', 'Content-Length: 2'],
      '{}',
    );
    expectRawProblem(res, 415);
  });

  it('408 for headers that do not arrive within HEADERS_TIMEOUT_MS', async () => {
    const res = await exchange('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    expectRawProblem(res, 408);
  });

  it('408 for a body that does not arrive within REQUEST_TIMEOUT_MS', async () => {
    const res = await exchange(
      'PUT /v1/models/slow HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${t.adminKey}\r\nContent-Length: 100\r\n\r\n{`,
    );
    expectRawProblem(res, 408);
  });
});
