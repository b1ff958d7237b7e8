import { setTimeout } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/lib/db.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  CHAOS_APP_ENV,
  expectExactCounts,
  expectOnlyRetryableRefusals,
  ingestClient,
  expectOnlyJsonOutput,
  keepPosting,
  untilFolded,
} from '../helpers/chaos.js';
import { recordingLogger } from '../helpers/log-records.js';
import { eventually } from '../helpers/eventually.js';
import { registerModel } from '../helpers/ingest.js';
import { scrapeCounter, startWorkerProcess, type ModelwatchProcess } from '../helpers/modelwatch-process.js';
import { privatePostgres, type PrivatePostgres } from '../helpers/private-services.js';
import { testRedisUrl } from '../helpers/redis.js';

// Issue 8, "quiet under faults" and the chaos suite: Postgres restarted while ingest and folds run.
// The API answers 503 + Retry-After meanwhile and loses nothing it accepted; the worker and the
// API each log one line when Postgres goes and one when it is back, and the worker puts its work
// aside instead of retrying it (the issue saw ~4,000 fold retries in a 6 s outage; this test saw
// 153, a warn line each).

const OUTAGE_MS = 6_000;

let pg: PrivatePostgres;
let pool: Pool;
let t: TestApp;
let worker: ModelwatchProcess | undefined;
// The API's own log (in this process): one line when Postgres goes and one when it is back,
// not one per 503 (before: an error line with a stack for every refused request).
const api = recordingLogger('info');

beforeAll(async () => {
  pg = await privatePostgres();
  pool = createPool(pg.url, 2);
  pool.on('error', () => undefined); // idle clients die with the server; the pool replaces them
  t = await createTestApp({ databaseUrl: pg.url, env: CHAOS_APP_ENV, log: api.log });
  await registerModel(t, 'credit');
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
  await pool?.end();
  await pg?.close();
});

describe('Postgres restarted under load', () => {
  it(
    'sheds with 503, loses nothing, counts exactly once; the worker backs off and logs the outage once',
    { timeout: 120_000 },
    async () => {
      const client = ingestClient(t, 'credit', 'pg');
      // A backlog for the worker to be in the middle of when Postgres goes away.
      for (let i = 0; i < 40; i += 4) await Promise.all([0, 1, 2, 3].map(() => client.postBatch(25)));
      worker = await startWorkerProcess({
        DATABASE_URL: pg.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: t.queuePrefix,
      });
      const stopPosting = keepPosting(client, 2, 25);
      await untilFolded(pool, 1);

      await pg.stop();
      // The fault itself, not a wait for anything: Postgres stays away as long as in the issue's
      // reproduction, while the producers keep sending and the worker has work queued.
      await setTimeout(OUTAGE_MS);
      expect(client.refusals.length).toBeGreaterThan(0);
      await pg.start();
      const acceptedAtRestart = client.accepted();
      await eventually(() => (client.accepted() >= acceptedAtRestart + 250 ? true : undefined), 30_000);
      await stopPosting();

      await expectExactCounts(t, pool, 'credit', client);
      expectOnlyRetryableRefusals(client);

      // One line when Postgres went, one when it came back; nothing that is not JSON.
      expectOnlyJsonOutput(worker);
      expect(worker.logged('dependency unreachable', { dependency: 'postgres' })).toHaveLength(1);
      expect(worker.logged('dependency reachable again', { dependency: 'postgres' })).toHaveLength(1);
      expect(worker.logged('job failed')).toEqual([]);
      expect(api.logged('dependency unreachable', { dependency: 'postgres' })).toHaveLength(1);
      expect(api.logged('dependency reachable again', { dependency: 'postgres' })).toHaveLength(1);
      expect(
        api.records.filter((r) => (r.level as number) >= 40 && r.msg !== 'dependency unreachable'),
      ).toEqual([]);

      // The outage cost a handful of fold attempts (those in flight when it began, and a first try
      // after each probe that found Postgres back), not one per job and retry; and no attempt at all
      // in BullMQ's count: every fold job completed on its first counted attempt.
      const fold = { queue: 'fold' };
      expect(
        await scrapeCounter(worker.metricsUrl, 'modelwatch_jobs_processed_total', {
          ...fold,
          outcome: 'failed',
        }),
      ).toBe(0);
      expect(
        await scrapeCounter(worker.metricsUrl, 'modelwatch_jobs_processed_total', {
          ...fold,
          outcome: 'delayed',
        }),
      ).toBeLessThanOrEqual(12);
      const queue = new Queue('fold', { connection: { url: testRedisUrl() }, prefix: t.queuePrefix });
      try {
        expect(await queue.getJobCounts('failed', 'waiting', 'active', 'delayed')).toEqual({
          failed: 0,
          waiting: 0,
          active: 0,
          delayed: 0,
        });
        const completed = await queue.getJobs(['completed'], 0, -1);
        expect(completed.length).toBeGreaterThan(40);
        expect(completed.filter((job) => job.attemptsMade !== 1).map((job) => job.attemptsMade)).toEqual([]);
      } finally {
        await queue.close();
      }
    },
  );
});
