import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { eventually } from '../../helpers/eventually.js';
import { predictionEvent, registerModel } from '../../helpers/ingest.js';

// Issue 8 finding 8 (its slow-body part): a client sending its body slowly held a connection, and
// an ingest slot, for as long as it liked. REQUEST_TIMEOUT_MS bounds the time to receive a whole
// request and HEADERS_TIMEOUT_MS the time to receive its headers.

let db: TestDatabase;
let t: TestApp;
let port: number;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: { REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000', INGEST_MAX_IN_FLIGHT: '1' },
  });
  await registerModel(t, 'credit');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await t?.close();
});

/** Sends `text` and never anything more; resolves with what the server answered once it hung up. */
function sendAndStall(text: string): { answer: () => string | undefined } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let closed = false;
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  socket.write(text);
  return { answer: () => (closed ? received : undefined) };
}

describe('request timeouts', () => {
  it('answers 408 and closes the connection when the body does not arrive in time, freeing its ingest slot', async () => {
    const body = JSON.stringify({ events: [] });
    const slow = sendAndStall(
      `POST /v1/models/credit/predictions HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${t.adminKey}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length + 1000}\r\n\r\n${body.slice(0, 5)}`,
    );
    await eventually(() => (t.container.ingestAdmission.state().requests === 1 ? true : undefined));
    const answer = await eventually(slow.answer, 20_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    await eventually(() => (t.container.ingestAdmission.state().requests === 0 ? true : undefined));
  });

  it('answers 408 when the headers do not arrive in time', async () => {
    const slow = sendAndStall(`GET /healthz HTTP/1.1\r\nHost: localhost\r\n`);
    expect(await eventually(slow.answer, 20_000)).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('reads and drops the body of a request refused before it was read, so the connection and the reply survive', async () => {
    const held = sendAndStall(
      `POST /v1/models/credit/predictions HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${t.adminKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    await eventually(() => (t.container.ingestAdmission.state().requests === 1 ? true : undefined));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({
      events: Array.from({ length: 2_000 }, (_, i) => predictionEvent(`r-${i}`)),
    });
    const send = (method: string, path: string, payload?: string) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    try {
      expect(body.length).toBeGreaterThan(256 * 1024); // more than the socket buffers hold
      expect(await send('POST', '/v1/models/credit/predictions', body)).toEqual({
        status: 503,
        reused: false,
      });
      expect(await send('GET', '/healthz')).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
    await eventually(held.answer, 20_000);
  });
});
