import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { CREDIT_SPEC, countRows, predictionEvent } from '../../helpers/ingest.js';
import { cleanupPrefix, testRedis, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { TEST_SECRETS_KEY } from '../../helpers/secrets.js';

// Issue 2 item 9: on SIGTERM readiness fails first, in-flight requests finish, the process exits 0
// within SHUTDOWN_TIMEOUT_MS; a second signal exits at once.

const CLI = fileURLToPath(new URL('../../../bin/modelwatch.js', import.meta.url));
const SHUTDOWN_TIMEOUT_MS = 10_000;
const ADMIN_KEY = `mw_shutdown_${'s'.repeat(24)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: TestDatabase;
const redis = testRedis();
const prefix = uniquePrefix();

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(() => cleanupPrefix(redis, prefix));

/** Starts `modelwatch serve` and resolves with its URL once it logs that it listens. */
async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      REDIS_URL: testRedisUrl(),
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      QUEUE_PREFIX: prefix,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"url":"([^"]+)".*"msg":"API listening"/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`modelwatch serve exited early with ${code}`)));
  });
  return { child, url };
}

async function get(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

describe('graceful shutdown of modelwatch serve', () => {
  it('fails readiness first, lets a slow upload finish with 202, then exits 0 in time', async () => {
    const { child, url } = await serve();
    const exited = once(child, 'exit');
    expect(await get(`${url}/readyz`)).toBe(200);
    const registered = await fetch(`${url}/v1/models/credit`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(CREDIT_SPEC),
    });
    expect(registered.status).toBe(201);

    const lines = Array.from({ length: 30 }, (_, i) => `${JSON.stringify(predictionEvent(`sd-${i}`))}\n`);
    const upload = request(`${url}/v1/models/credit/predictions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/x-ndjson' },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      upload.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      upload.on('error', reject);
    });
    for (const line of lines.slice(0, 10)) upload.write(line);
    await sleep(300); // the request is in the handler, reading lines

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(200);
    expect(await get(`${url}/readyz`)).toBe(503);

    for (const line of lines.slice(10)) {
      upload.write(line);
      await sleep(50); // 1 s more of upload, past the start of the drain
    }
    upload.end();

    const { status, body } = await response;
    expect(status).toBe(202);
    expect(JSON.parse(body)).toMatchObject({ accepted: 30, duplicates: 0, rejected: [] });
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(await countRows(db.pool, "predictions WHERE prediction_id LIKE 'sd-%'")).toBe(30);
  });

  it('exits at once, non-zero, on a second signal', async () => {
    const { child, url } = await serve();
    const exited = once(child, 'exit');
    expect(await get(`${url}/readyz`)).toBe(200); // started: the first signal begins the 2 s drain
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(100);
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
    // Well inside the drain pause the first signal started (SHUTDOWN_TIMEOUT_MS / 5 = 2 s).
    expect(Date.now() - signalledAt).toBeLessThan(1_500);
  });
});
