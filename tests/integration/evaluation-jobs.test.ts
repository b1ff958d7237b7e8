/**
 * The `evaluate` queue with a real worker (main-worker.ts) on real Redis and Postgres: a job
 * scheduler per model evaluates every window; a burst of folds is one debounced evaluation of
 * the shortest window; replayed jobs rewrite the same row; archived models lose their scheduler.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateJobId, evaluateSchedulerId } from '../../src/jobs/queues.js';
import { createEvaluationScheduler } from '../../src/modules/evaluation/evaluation.scheduler.js';
import type { ShutdownStep } from '../../src/lib/shutdown.js';
import { startWorker } from '../../src/main-worker.js';
import { modelSpecSchema } from '../../src/modules/models/models.schemas.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../helpers/evaluation-model.js';

const spec = modelSpecSchema.parse({ ...generatedSpec(), name: 'jobs' });
let env: EvaluationEnv;
let stopWorker: ShutdownStep[] = [];

interface Row {
  window_name: string;
  window_end: Date;
  evaluated_at: Date;
  status: string;
}
const rowsOf = async (modelId: string): Promise<Row[]> =>
  (
    await env.db.pool.query<Row>(
      'SELECT window_name, window_end, evaluated_at, status FROM evaluations WHERE model_id = $1 ORDER BY window_name, window_end',
      [modelId],
    )
  ).rows;

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const putReference = async (modelId: string) => {
  const res = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${modelId}/reference`,
    payload: { rows: generatedRows(300, false, 3).map((r) => referenceRow(spec, r)) },
  });
  expect(res.statusCode, res.body).toBe(201);
};

beforeAll(async () => {
  env = await evaluationEnv({
    EVALUATION_WINDOWS: '5m,1h',
    EVALUATION_INTERVAL_SECONDS: '1',
    EVALUATION_DEBOUNCE_MS: '1000',
  });
  await putModel(env.t, 'jobs', spec);
  stopWorker = (await startWorker(env.t.container)).steps;
});
afterAll(async () => {
  for (const step of stopWorker) await step.run();
  await env.close();
});

describe('scheduled evaluations', () => {
  it('setting a reference starts a job scheduler that evaluates every window', async () => {
    await putReference('jobs');
    const scheduler = await until('the scheduler', () =>
      env.t.container.queues.get('evaluate').getJobScheduler(evaluateSchedulerId('jobs')),
    );
    expect(scheduler.every).toBe(1000);
    // The worker's first sync scheduled the model before it had a reference (status unknown); the
    // new reference re-evaluates the current window ends at once rather than at the next minute.
    const rows = await until('both windows evaluated against the reference', async () => {
      const found = await rowsOf('jobs');
      return (
        new Set(found.map((r) => r.window_name)).size === 2 &&
        found.every((r) => r.status === 'healthy') &&
        found
      );
    });
    const end = rows[0]!.window_end.getTime();
    expect(end % 60_000).toBe(0);
    expect(end).toBeGreaterThanOrEqual(minuteEnd() - 60_000);
  });

  it('the periodic sync schedules every active model and drops archived ones', async () => {
    await putModel(env.t, 'archived-soon', spec);
    const scheduler = env.t.container.evaluationScheduler;
    expect((await scheduler.sync()).scheduled).toBe(2);
    const queue = env.t.container.queues.get('evaluate');
    expect(await queue.getJobScheduler(evaluateSchedulerId('archived-soon'))).toBeDefined();
    const archived = await env.t.request(env.t.adminKey, {
      method: 'DELETE',
      url: '/v1/models/archived-soon',
    });
    expect(archived.statusCode).toBe(204);
    expect(await scheduler.sync()).toEqual({ scheduled: 1, removed: 1 });
    expect(await queue.getJobScheduler(evaluateSchedulerId('archived-soon'))).toBeUndefined();
    expect(await queue.getJobScheduler(evaluateSchedulerId('jobs'))).toBeDefined();
  });
});

describe('after a fold', () => {
  it('a burst of folds in one debounce slot is one evaluation of the shortest window', async () => {
    const config = env.t.container.config;
    const t0 = Date.now();
    const scheduler = createEvaluationScheduler({
      queue: () => env.t.container.queues.get('evaluate'),
      enqueue: env.t.container.queues.enqueue,
      activeModels: async () => ['jobs'],
      windows: config.EVALUATION_WINDOWS,
      tileSeconds: config.TILE_SECONDS,
      intervalSeconds: config.EVALUATION_INTERVAL_SECONDS,
      debounceMs: config.EVALUATION_DEBOUNCE_MS,
      log: env.t.container.log,
      now: () => t0, // every call in the same slot
    });
    for (let i = 0; i < 10; i++) await scheduler.onFolded('jobs');
    const slotEnd = (Math.floor(t0 / 1000) + 1) * 1000;
    const windowEnd = Math.ceil(slotEnd / 60_000) * 60_000;
    const id = evaluateJobId('jobs', '5m', windowEnd, `fold-${slotEnd}`);
    const queue = env.t.container.queues.get('evaluate');
    const jobs = await queue.getJobs(['delayed', 'waiting', 'active', 'completed']);
    expect(jobs.filter((j) => j.id?.includes('/fold-')).map((j) => j.id)).toEqual([id]);

    const done = await until('the debounced evaluation', async () => {
      const job = await queue.getJob(id);
      return job?.finishedOn ? job : null;
    });
    expect(done.returnvalue).toMatchObject({ kind: 'window', status: 'healthy' });
    expect(done.processedOn!).toBeGreaterThanOrEqual(slotEnd);
    const row = (await rowsOf('jobs')).find(
      (r) => r.window_name === '5m' && r.window_end.getTime() === windowEnd,
    );
    expect(row!.evaluated_at.getTime()).toBeGreaterThanOrEqual(slotEnd - 5);
  });
});

describe('from ingest to evaluation', () => {
  it('posted events are folded by the worker, which schedules the shortest window at once', async () => {
    await putModel(env.t, 'e2e', spec);
    await putReference('e2e');
    const end = minuteEnd();
    const posted = Date.now();
    // Within the current 5m window whichever minute the debounce slot ends in.
    await postRows(env.t, 'e2e', spec, generatedRows(200, false, 8), {
      fromMs: Math.max(end - 4 * 60_000, posted - 60_000),
      toMs: posted,
      prefix: 'e2e',
      fold: false,
    });
    const queue = env.t.container.queues.get('evaluate');
    const job = await until('the evaluation a fold scheduled', async () => {
      const jobs = await queue.getJobs(['completed']);
      return jobs.find((j) => j.id?.startsWith('evaluate/e2e/5m/') && j.id.includes('/fold-'));
    });
    expect(job.returnvalue).toMatchObject({ kind: 'window', events: 200 });
  });
});

describe('the processor', () => {
  const processor = () => env.t.container.processors.evaluate!;
  const job = (data: unknown) => ({ data, id: 'test' }) as unknown as Job;

  it('a replayed window job rewrites its own row', async () => {
    const windowEnd = minuteEnd(30);
    for (let i = 0; i < 3; i++)
      await processor()(job({ kind: 'window', modelId: 'jobs', window: '1h', windowEnd }));
    const rows = (await rowsOf('jobs')).filter((r) => r.window_end.getTime() === windowEnd);
    expect(rows).toHaveLength(1);
  });

  it('skips unknown windows and archived models; refuses a bad payload for good', async () => {
    expect(
      await processor()(job({ kind: 'window', modelId: 'jobs', window: '7d', windowEnd: minuteEnd() })),
    ).toEqual({
      kind: 'window',
      skipped: true,
    });
    expect(
      await processor()(
        job({ kind: 'window', modelId: 'archived-soon', window: '5m', windowEnd: minuteEnd() }),
      ),
    ).toEqual({
      kind: 'window',
      skipped: true,
    });
    await expect(processor()(job({ kind: 'window', modelId: 'jobs' }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });
});
