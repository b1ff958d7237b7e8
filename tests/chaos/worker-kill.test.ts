import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CHAOS_APP_ENV, expectExactCounts, expectOnlyJsonOutput, ingestClient } from '../helpers/chaos.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { eventually } from '../helpers/eventually.js';
import { registerModel } from '../helpers/ingest.js';
import { startWorkerProcess, type ModelwatchProcess } from '../helpers/modelwatch-process.js';
import { testRedisUrl } from '../helpers/redis.js';

// Issue 8, the chaos suite (docs/architecture.md#invariants, invariant 2): a worker process SIGKILLed in the middle of a
// fold. Its transaction dies with it; once its lock on the job expires, another worker takes the
// job over and folds the batch exactly once.

const JOB_LOCK_MS = '2000';

let db: TestDatabase;
let t: TestApp;
let queue: Queue;
const workers: ModelwatchProcess[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: CHAOS_APP_ENV });
  await registerModel(t, 'credit');
  queue = new Queue('fold', { connection: { url: testRedisUrl() }, prefix: t.queuePrefix });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await queue?.close();
  await t?.close();
});

const startWorker = async () => {
  const worker = await startWorkerProcess({
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: t.queuePrefix,
    JOB_LOCK_MS,
  });
  workers.push(worker);
  return worker;
};

/** The fold jobs workers hold now, with their batch ids. */
async function activeFolds(): Promise<{ id: string; batchId: number }[]> {
  const jobs = await queue.getJobs(['active']);
  return jobs.map((job) => ({ id: job.id!, batchId: (job.data as { batchId: number }).batchId }));
}

async function unfolded(batchIds: number[]): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM ingest_batches WHERE id = ANY($1) AND folded_at IS NULL',
    [batchIds],
  );
  return rows[0]!.n;
}

describe('a worker killed mid-fold', () => {
  it(
    'leaves its jobs to another worker, which folds every batch exactly once',
    { timeout: 120_000 },
    async () => {
      const client = ingestClient(t, 'credit', 'kill');
      for (let i = 0; i < 8; i++) await client.postBatch(1_500);

      const first = await startWorker();
      // Killed as soon as it holds a fold job whose batch is not folded yet.
      await eventually(
        async () => {
          const held = await activeFolds();
          return held.length > 0 && (await unfolded(held.map((j) => j.batchId))) > 0 ? true : undefined;
        },
        30_000,
        5,
      );
      first.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      // Its jobs are still active, nothing finished them, and a fold it was in the middle of left
      // nothing: that batch is not folded.
      const orphans = await activeFolds();
      expect(orphans.length).toBeGreaterThan(0);
      expect(await unfolded(orphans.map((j) => j.batchId))).toBeGreaterThan(0);

      const second = await startWorker();
      await expectExactCounts(t, db.pool, 'credit', client);
      for (const { id } of orphans) expect(await queue.getJobState(id)).toBe('completed');
      expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
      expectOnlyJsonOutput(second);
    },
  );
});
