import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { countRows, predictionEvent, redisReady, registerModel } from '../../helpers/ingest.js';
import { expectProblem } from '../../helpers/problem.js';

// docs/architecture.md#invariants, invariant 1: Postgres is the source of truth; Redis only holds work.

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});

describe('with Redis unreachable', () => {
  let redisServer: ChildProcess | undefined;

  afterAll(() => {
    redisServer?.kill('SIGKILL');
  });

  it('answers 202 and stores the events; once Redis is back the reconciler enqueues the batch', async () => {
    const redisPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const t = await createTestApp({ databaseUrl: db.url, redisUrl });
    try {
      await registerModel(t, 'credit');
      const res = await t.request(t.adminKey, {
        method: 'POST',
        url: '/v1/models/credit/predictions',
        payload: { events: [predictionEvent('r-1'), predictionEvent('r-2')] },
      });
      expect(res.statusCode).toBe(202);
      const { accepted, batchIds } = res.json<{ accepted: number; batchIds: number[] }>();
      expect(accepted).toBe(2);
      expect(await countRows(db.pool, "predictions WHERE prediction_id IN ('r-1', 'r-2')")).toBe(2);

      // A reconciler run while Redis is still away does nothing and does not fail.
      const { reconciler } = t.container.ingestTasks;
      expect(await reconciler.runOnce()).toEqual({ checked: 0, added: 0, retried: 0 });

      // Redis comes back on the same port; the producer client reconnects by itself.
      redisServer = spawn('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      await redisReady(t.container.redis, 15_000);

      // Younger than a minute: left to the enqueue that followed the commit (which failed here).
      expect((await reconciler.runOnce()).added).toBe(0);
      await db.pool.query("UPDATE ingest_batches SET received_at = now() - interval '2 minutes'");
      expect(await reconciler.runOnce()).toEqual({ checked: 1, added: 1, retried: 0 });

      const queue = new Queue('fold', { connection: { url: redisUrl }, prefix: t.queuePrefix });
      const job = await queue.getJob(`batch-${batchIds[0]}`);
      expect(job?.data).toEqual({ batchId: batchIds[0], modelId: 'credit', kind: 'predictions' });
      // A second run finds the job waiting and adds nothing.
      expect(await reconciler.runOnce()).toEqual({ checked: 1, added: 0, retried: 0 });
      await queue.close();
    } finally {
      await t.close();
    }
  });
});

describe('with Postgres unreachable', () => {
  it('answers 503 with Retry-After as problem+json, and /readyz says why', async () => {
    const port = await freePort();
    const t = await createTestApp({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/nowhere` });
    try {
      const res = await t.request(t.adminKey, {
        method: 'POST',
        url: '/v1/models/credit/predictions',
        payload: { events: [predictionEvent('pg-down')] },
      });
      const problem = expectProblem(res, 503);
      expect(res.headers['retry-after']).toBe('5');
      expect(problem.detail).toMatch(/nothing was stored/);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.postgres).not.toBe('ok');
    } finally {
      await t.close();
    }
  });
});
