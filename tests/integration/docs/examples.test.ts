import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { CHAOS_APP_ENV } from '../../helpers/chaos.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { countRows } from '../../helpers/ingest.js';

// Issue 9: every example in examples/ runs against the real service, and what it sends is stored.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';

let db: TestDatabase;
let t: TestApp;
let url: string;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: CHAOS_APP_ENV });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t?.close();
});

/** Starts an example with the service's URL and admin key; collects what it prints. */
function run(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, MODELWATCH_URL: url, MODELWATCH_API_KEY: t.adminKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => output };
}

/** Resolves with the first match of `pattern` in what `child` prints. */
function printed(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (c: Buffer) => {
      seen += c.toString();
      const match = pattern.exec(seen);
      if (match) resolve(match);
    });
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}:\n${seen}`)),
    );
  });
}

const post = (to: string, body: unknown) =>
  fetch(to, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * Starts a model server example, asks it for `predictions` predictions and tells it `outcomes`
 * outcomes, stops it with SIGINT (as Ctrl-C would), and checks that it exited 0 having sent
 * everything: the service stored each prediction and outcome once.
 */
async function serveAndCheck(
  command: string,
  args: string[],
  model: string,
  predictions: number,
  outcomes: number,
) {
  const server = run(command, args, { PORT: '0' });
  const [, base] = await printed(server.child, /model server on (http:\/\/\S+)/);
  const ids: string[] = [];
  for (let i = 0; i < predictions; i++) {
    const application = { age: 20 + i, income: 30_000 + 1_000 * i, country: i % 2 ? 'NL' : 'IT' };
    const res = await post(`${base}/predict`, application);
    expect(res.status).toBe(200);
    ids.push(((await res.json()) as { id: string }).id);
  }
  for (const id of ids.slice(0, outcomes)) {
    expect((await post(`${base}/feedback`, { id, default: 1 })).status).toBe(204);
  }
  server.child.kill('SIGINT');
  expect((await server.exited)[0], server.output()).toBe(0);
  expect(await countRows(db.pool, 'predictions WHERE model_id = $1', [model])).toBe(predictions);
  expect(await countRows(db.pool, 'outcomes WHERE model_id = $1', [model])).toBe(outcomes);
}

describe('examples/python-model-server', () => {
  it('logs each prediction it serves and each outcome it is told, and sends the rest on Ctrl-C', async () => {
    await serveAndCheck(PYTHON, ['examples/python-model-server/server.py'], 'credit-risk-example', 50, 20);
  }, 120_000);
});

describe('examples/node-service', () => {
  it('logs each prediction it serves with @modelwatch/client, and sends the rest on SIGINT', async () => {
    const args = ['--import', 'tsx', 'examples/node-service/server.ts'];
    await serveAndCheck(process.execPath, args, 'credit-risk-node', 40, 10);
  }, 120_000);
});

describe('examples/batch-scoring', () => {
  it('logs a day of predictions with their times, then the outcomes known so far', async () => {
    const job = run(PYTHON, ['examples/batch-scoring/score_day.py'], { ROWS: '3000', OUTCOMES: '0.6' });
    const [code] = await job.exited;
    expect(code, job.output()).toBe(0);
    expect(job.output()).toContain('credit-risk-batch: 4800 accepted, 0 duplicates, 0 rejected, 0 failed');
    const model = ['credit-risk-batch'];
    expect(await countRows(db.pool, 'predictions WHERE model_id = $1', model)).toBe(3000);
    expect(await countRows(db.pool, 'outcomes WHERE model_id = $1', model)).toBe(1800);
    // Their times are yesterday's, as the job gave them.
    const { rows } = await db.pool.query<{ days: number }>(
      "SELECT count(DISTINCT date_trunc('day', ts))::int AS days FROM predictions WHERE model_id = $1",
      model,
    );
    expect(rows[0]!.days).toBe(1);
  }, 120_000);
});
