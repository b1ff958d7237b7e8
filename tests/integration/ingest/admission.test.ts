import { PassThrough } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { eventually } from '../../helpers/eventually.js';
import { countRows, ndjson, predictionEvent, registerModel } from '../../helpers/ingest.js';
import { expectProblem } from '../../helpers/problem.js';

// Issue 8 finding 3: with no bound on ingest in flight, 3× capacity made accepted requests wait
// 108 s and the only refusal was "the database is unavailable" after the pool's 5 s timeout. Past
// the bound, the API now refuses at once, truthfully, with Retry-After; what it accepted is stored.

const MAX_REQUESTS = 2;
const MAX_BYTES = 96 * 1024;

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: {
      INGEST_MAX_IN_FLIGHT: String(MAX_REQUESTS),
      INGEST_MAX_IN_FLIGHT_BYTES: String(MAX_BYTES),
      BODY_LIMIT: String(MAX_BYTES),
    },
  });
  await registerModel(t, 'credit');
});

afterAll(async () => {
  await t?.close();
});

function batch(prefix: string, events: number): Buffer {
  return Buffer.from(
    JSON.stringify({ events: Array.from({ length: events }, (_, i) => predictionEvent(`${prefix}-${i}`)) }),
  );
}

/**
 * A request whose body arrives only when `finish` is called: it stays in flight until then. With
 * `declared`, it sends that Content-Length; without, its length is unknown (chunked).
 */
function held(body: Buffer, { declared = true, contentType = 'application/json' } = {}) {
  const stream = new PassThrough();
  stream.write(body.subarray(0, 16));
  const reply = t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/models/credit/predictions',
    headers: { 'content-type': contentType, ...(declared ? { 'content-length': String(body.length) } : {}) },
    payload: stream,
  });
  return {
    reply,
    stream,
    finish: () => stream.end(body.subarray(16)),
  };
}

async function gauge(name: string): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  const line = res.body.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return Number(line?.split(' ').pop() ?? NaN);
}

const inFlight = (requests: number) =>
  eventually(async () =>
    (await gauge('modelwatch_ingest_in_flight_requests')) === requests ? true : undefined,
  );

function expectRefused(res: LightMyRequestResponse): void {
  const problem = expectProblem(res, 503);
  expect(problem.detail).toMatch(/too much ingest in flight in this process/i);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

const healthy = async () => {
  expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
};

describe('ingest admission control', () => {
  it('refuses requests past the bound at once, before reading their bodies, and stores all it accepted', async () => {
    const first = held(batch('a', 20));
    const second = held(batch('b', 20));
    await inFlight(MAX_REQUESTS);

    // The third body is never sent: the refusal cannot have waited for it.
    const third = held(batch('c', 20));
    expectRefused(await third.reply);
    await healthy();

    first.finish();
    second.finish();
    const accepted = await Promise.all([first.reply, second.reply]);
    expect(accepted.map((r) => r.statusCode)).toEqual([202, 202]);
    expect(accepted.reduce((n, r) => n + r.json<{ accepted: number }>().accepted, 0)).toBe(40);
    expect(await countRows(db.pool, "predictions WHERE prediction_id ~ '^[ab]-'")).toBe(40);
    expect(await countRows(db.pool, "predictions WHERE prediction_id ~ '^c-'")).toBe(0);

    // Slots come back once the replies are sent: the next request is admitted.
    await inFlight(0);
    const after = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/models/credit/predictions',
      payload: { events: [predictionEvent('after')] },
    });
    expect(after.statusCode).toBe(202);
  });

  it('refuses a request whose declared length would pass the byte bound', async () => {
    const big = batch('big', 400);
    expect(big.length).toBeGreaterThan(MAX_BYTES / 2);
    expect(big.length).toBeLessThan(MAX_BYTES);
    const first = held(big);
    await inFlight(1);
    const second = held(batch('big2', 400));
    expectRefused(await second.reply);
    first.finish();
    expect((await first.reply).statusCode).toBe(202);
    await inFlight(0);
  });

  it('counts the bytes of a body of unknown length as they arrive, and refuses it once they pass the bound', async () => {
    const big = batch('declared', 400);
    const first = held(big);
    await inFlight(1);
    const lines = Buffer.from(ndjson(Array.from({ length: 400 }, (_, i) => predictionEvent(`chunked-${i}`))));
    const chunked = held(lines, { declared: false, contentType: 'application/x-ndjson' });
    await inFlight(2); // admitted: nothing was known about its size
    chunked.finish();
    expectRefused(await chunked.reply);
    first.finish();
    expect((await first.reply).statusCode).toBe(202);
    expect(await countRows(db.pool, "predictions WHERE prediction_id ~ '^chunked-'")).toBe(0);
    await inFlight(0);
    await healthy();
  });
});
