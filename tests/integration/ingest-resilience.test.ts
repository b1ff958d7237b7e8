import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  createTestDatabase,
  deleteQueueKeys,
  insertModel,
  predictionEvent,
  queryRows,
  redisReady,
  startTestApp,
  uniqueQueuePrefix,
  type TestDatabase,
} from '../helpers/ingest-env.js';

// DESIGN.md invariant 1: Postgres is the source of truth; Redis only holds work.

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
  db = await createTestDatabase();
  await insertModel(db.url, 'credit');
});

afterAll(async () => {
  await db?.drop();
});

describe('with Redis unreachable', () => {
  let redisPort: number;
  let redisServer: ChildProcess | undefined;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    redisPort = await freePort();
  });

  afterAll(async () => {
    redisServer?.kill('SIGKILL');
  });

  it('answers 202 and stores the events; once Redis is back the reconciler enqueues the batch', async () => {
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const t = await startTestApp({ databaseUrl: db.url, redisUrl }, { QUEUE_PREFIX: prefix });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/models/credit/predictions',
        headers: auth,
        payload: { events: [predictionEvent('r-1'), predictionEvent('r-2')] },
      });
      expect(res.statusCode).toBe(202);
      const { accepted, batchIds } = res.json() as { accepted: number; batchIds: number[] };
      expect(accepted).toBe(2);
      const stored = await queryRows(
        db.url,
        "SELECT 1 FROM predictions WHERE prediction_id IN ('r-1', 'r-2')",
      );
      expect(stored).toHaveLength(2);

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
      await queryRows(db.url, "UPDATE ingest_batches SET received_at = now() - interval '2 minutes'");
      const report = await reconciler.runOnce();
      expect(report).toEqual({ checked: 1, added: 1, retried: 0 });

      const queue = new Queue('fold', { connection: { url: redisUrl }, prefix });
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
  const prefix = uniqueQueuePrefix();

  afterAll(async () => {
    await deleteQueueKeys('redis://127.0.0.1:6379', prefix);
  });

  it('answers 503 with Retry-After as problem+json', async () => {
    const port = await freePort();
    const t = await startTestApp(
      { databaseUrl: `postgres://postgres@127.0.0.1:${port}/nowhere`, redisUrl: 'redis://127.0.0.1:6379' },
      { QUEUE_PREFIX: prefix },
    );
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/models/credit/predictions',
        headers: auth,
        payload: { events: [predictionEvent('pg-down')] },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().detail).toMatch(/nothing was stored/);
    } finally {
      await t.close();
    }
    expect(await queryRows(db.url, "SELECT 1 FROM predictions WHERE prediction_id = 'pg-down'")).toEqual([]);
  });
});
