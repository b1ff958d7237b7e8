import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResultRow } from 'pg';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { predictionEvent, redisReady, registerModel } from '../../helpers/ingest.js';
import { testRedisUrl } from '../../helpers/redis.js';
import { createPartitionUpkeep } from '../../../src/modules/ingest/partitions.js';
import { startWorker } from '../../../src/main-worker.js';

// docs/architecture.md#invariants, invariant 1 (the reconciler) and the retention rules of issue 2 item 3.

let db: TestDatabase;
let t: TestApp;
let queue: Queue;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, role: 'worker', env: { METRICS_PORT: '0' } });
  await registerModel(t, 'credit');
  await redisReady(t.container.redis);
  queue = new Queue('fold', { connection: { url: testRedisUrl() }, prefix: t.queuePrefix });
});

afterAll(async () => {
  await queue?.close();
  await t?.close();
});

async function queryRows<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

async function ingest(id: string): Promise<number> {
  const res = await t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/models/credit/predictions',
    payload: { events: [predictionEvent(id)] },
  });
  expect(res.statusCode).toBe(202);
  return (res.json().batchIds as number[])[0]!;
}

/** Runs the fold jobs now waiting through a stand-in processor, until each has finished. */
async function finishJobs(process: (job: Job) => Promise<unknown>, count: number): Promise<void> {
  let finished = 0;
  const done = new Promise<void>((resolve) => {
    const worker = new Worker('fold', process, {
      connection: { url: testRedisUrl() },
      prefix: t.queuePrefix,
      autorun: true,
    });
    const onFinished = () => {
      if (++finished === count) void worker.close().then(() => resolve());
    };
    worker.on('completed', onFinished);
    worker.on('failed', onFinished);
  });
  await done;
}

describe('reconciler', () => {
  it('re-queues unfolded batches whose job completed, failed or vanished; leaves waiting and folded ones', async () => {
    const completed = await ingest('rc-completed');
    const failed = await ingest('rc-failed');
    // A stand-in for a fold processor that finishes without folding (a bug, or a crash after ack).
    await finishJobs(async (job) => {
      if (job.data.batchId === failed) throw new UnrecoverableError('stand-in failure');
      return 'done';
    }, 2);
    expect(await queue.getJobState(`batch-${completed}`)).toBe('completed');
    expect(await queue.getJobState(`batch-${failed}`)).toBe('failed');

    const waiting = await ingest('rc-waiting');
    const vanished = await ingest('rc-vanished');
    await queue.remove(`batch-${vanished}`);
    const folded = await ingest('rc-folded');
    await queue.remove(`batch-${folded}`);
    await queryRows('UPDATE ingest_batches SET folded_at = now() WHERE id = $1', [folded]);
    await queryRows("UPDATE ingest_batches SET received_at = now() - interval '2 minutes'");

    const report = await t.container.ingestTasks.reconciler.runOnce();
    expect(report).toEqual({ checked: 4, added: 1, retried: 2 });
    for (const id of [completed, failed, waiting, vanished]) {
      expect(await queue.getJobState(`batch-${id}`)).toBe('waiting');
    }
    expect(await queue.getJobState(`batch-${folded}`)).toBe('unknown');
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 4 });
  });
});

describe('startWorker', () => {
  it('starts, runs the background tasks and stops', async () => {
    const { steps } = await startWorker(t.container);
    // The partition upkeep ran once at start: the day after tomorrow has its partition (no event made it).
    const ahead = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const created = async () =>
      (await queryRows('SELECT 1 FROM pg_class WHERE relname = $1', [`predictions_${ahead}`])).length;
    expect(await created()).toBe(0);
    for (let i = 0; i < 50 && (await created()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await created()).toBe(1);
    for (const step of steps) await step.run();
    expect(await queue.getWorkers()).toEqual([]);
  });
});

describe('partition upkeep', () => {
  it('creates today and two days ahead, drops whole days older than retention, deletes expired rows', async () => {
    // A clock in the past, so that the rows of the other tests here are not expired by it.
    const now = Date.parse('2021-06-15T12:00:00Z'); // retention 90 days: cutoff 2021-03-17T12:00Z
    const upkeep = createPartitionUpkeep({ pool: t.container.pool, retentionDays: 90, clock: () => now });
    await queryRows(
      "SELECT mw_ensure_prediction_partition(d) FROM unnest('{2021-03-16,2021-03-17}'::date[]) d",
    );
    await queryRows(`INSERT INTO prediction_ids (model_id, prediction_id, ts, batch_id) VALUES
         ('credit', 'expired', '2021-03-17T11:00:00Z', 1), ('credit', 'kept', '2021-03-17T13:00:00Z', 1)`);
    await queryRows(`INSERT INTO outcomes (model_id, prediction_id, actual, received_at, batch_id) VALUES
         ('credit', 'expired', '1', '2021-03-17T11:00:00Z', 1), ('credit', 'kept', '1', '2021-03-17T13:00:00Z', 1)`);
    await queryRows(`INSERT INTO ingest_batches (model_id, kind, accepted, duplicates, rejected, received_at, max_ts) VALUES
         ('credit', 'outcomes', 1, 0, 0, '2021-03-17T11:00:00Z', '2021-03-17T11:00:00Z'),
         ('credit', 'outcomes', 1, 0, 0, '2021-03-17T11:58:00Z', '2021-03-17T12:02:00Z')`);

    const report = await upkeep.runOnce();
    expect(report.created).toEqual(['predictions_20210615', 'predictions_20210616', 'predictions_20210617']);
    expect(report.dropped).toContain('predictions_20210316');
    expect(report.dropped).not.toContain('predictions_20210317');
    expect(report.deleted).toEqual({ predictionIds: 1, outcomes: 1, batches: 1 });
    const left = await queryRows<{ relname: string }>(
      "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'predictions_2021%' ORDER BY 1",
    );
    expect(left.map((r) => r.relname)).toEqual([
      'predictions_20210317',
      'predictions_20210615',
      'predictions_20210616',
      'predictions_20210617',
    ]);
  });
});
