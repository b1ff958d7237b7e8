/**
 * The `evaluate` queue with a real worker (main-worker.ts) on real Redis and Postgres: a job
 * scheduler per model evaluates every window; a burst of folds is one debounced evaluation of
 * the shortest window; replayed jobs rewrite the same row, and an evaluation never overwrites
 * one that started after it; archived models lose their scheduler.
 *
 * Ticks are hourly here, so that the jobs of each test come from what the test does (a tick
 * fires once, when its scheduler is created). No test waits for a time to pass or assumes that
 * two things happen within one minute: each waits for the outcome it caused, found by what
 * caused it (a reference id, a job id).
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateJobId, evaluateSchedulerId } from '../../../src/jobs/queues.js';
import { createEvaluationScheduler } from '../../../src/modules/evaluation/evaluation.scheduler.js';
import { createEvaluationService } from '../../../src/modules/evaluation/evaluation.service.js';
import { evaluationStore } from '../../../src/modules/evaluation/evaluation.store.js';
import { tilesWindowSource } from '../../../src/modules/evaluation/window-source.js';
import type { ShutdownStep } from '../../../src/lib/shutdown.js';
import { startWorker } from '../../../src/main-worker.js';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { createReferenceLoader } from '../../../src/modules/references/reference-loader.js';
import { referencesStore } from '../../../src/modules/references/references.store.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';

const spec = modelSpecSchema.parse({ ...generatedSpec(), name: 'jobs' });
let env: EvaluationEnv;
let stopWorker: ShutdownStep[] = [];

interface Row {
  window_name: string;
  window_end: Date;
  evaluated_at: Date;
  status: string;
  reference_id: number | null;
  events: number;
}
const rowsOf = async (modelId: string): Promise<Row[]> =>
  (
    await env.db.pool.query<Row>(
      `SELECT window_name, window_end, evaluated_at, status, reference_id::int, events::int
       FROM evaluations WHERE model_id = $1 ORDER BY window_name, window_end`,
      [modelId],
    )
  ).rows;

/** Polls for what a test caused; the deadline only bounds a failing run (the machine is shared). */
async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const putReference = async (modelId: string): Promise<number> => {
  const res = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${modelId}/reference`,
    payload: { rows: generatedRows(300, false, 3).map((r) => referenceRow(spec, r)) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
};

beforeAll(async () => {
  env = await evaluationEnv({
    EVALUATION_WINDOWS: '5m,1h',
    EVALUATION_INTERVAL_SECONDS: '3600',
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
    const before = Date.now();
    const referenceId = await putReference('jobs');
    // The PUT answers once the scheduler is upserted and the windows are enqueued.
    const scheduler = await env.t.container.queues
      .get('evaluate')
      .getJobScheduler(evaluateSchedulerId('jobs'));
    expect(scheduler?.every).toBe(3_600_000);
    // The worker's first sync scheduled the model before it had a reference, and its first tick
    // may have stored 'unknown' rows for this or an earlier window end (the minute may turn
    // between the two): the new reference is evaluated at once, in every window, whatever ran
    // before. Found by the reference they were evaluated against, not by which minute it is.
    const rows = await until('both windows evaluated against the reference', async () => {
      const found = (await rowsOf('jobs')).filter((r) => r.reference_id === referenceId);
      return new Set(found.map((r) => r.window_name)).size === 2 && found;
    });
    for (const row of rows) {
      // No traffic yet: evaluated against the reference, but nothing to judge.
      expect(row.status, row.window_name).toBe('insufficient_data');
      expect(row.window_end.getTime() % 60_000).toBe(0);
      // Windows end with the minute the job ran in: no earlier than the upload's.
      expect(row.window_end.getTime()).toBeGreaterThanOrEqual(Math.ceil(before / 60_000) * 60_000);
    }
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
    expect(done.returnvalue).toMatchObject({ kind: 'window', status: 'insufficient_data' }); // no events posted
    expect(done.processedOn!).toBeGreaterThanOrEqual(slotEnd);
    // The window ends with the minute the job ran in (the slot's, or a later one).
    const ranTo = (done.returnvalue as { windowEnd: number }).windowEnd;
    expect(ranTo).toBeGreaterThanOrEqual(windowEnd);
    const row = (await rowsOf('jobs')).find(
      (r) => r.window_name === '5m' && r.window_end.getTime() === ranTo,
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
    // Ticks are hourly: only the fold's trigger (or a job of the window still waiting when it
    // came, which then ran after the fold) can have evaluated the posted events.
    const row = await until('the evaluation a fold scheduled', async () =>
      (await rowsOf('e2e')).find((r) => r.window_name === '5m' && r.events === 200),
    );
    expect(row.status).toBe('healthy');
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

  it('an evaluation that read before a new reference does not overwrite the one made after it', async () => {
    // The race of a window job that read the model before its reference was committed and wrote
    // its row after the reference's own evaluation of the same window end.
    await putModel(env.t, 'race', spec);
    const { container } = env.t;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const read = new Promise<void>((resolve) => (reading = resolve));
    const slow = createEvaluationService({
      pool: env.db.pool,
      store: {
        ...evaluationStore,
        upsert: async (db, e) => {
          reading();
          await held;
          await evaluationStore.upsert(db, e);
        },
      },
      references: createReferenceLoader({ db: env.db.pool, store: referencesStore }),
      models: container.models,
      source: tilesWindowSource(container.tiles),
      windows: container.config.EVALUATION_WINDOWS,
      statusWindow: '5m',
      performanceDrop: container.config.PERFORMANCE_DROP,
    });
    const windowEnd = new Date(minuteEnd(20));
    const stale = slow.evaluateWindow('race', '5m', windowEnd);
    await read;
    const referenceId = await putReference('race');
    const fresh = await container.evaluations.evaluateWindow('race', '5m', windowEnd);
    expect(fresh?.reference?.id).toBe(referenceId);
    release();
    expect((await stale)?.reference).toBeNull();
    const [row] = (await rowsOf('race')).filter((r) => r.window_end.getTime() === windowEnd.getTime());
    expect(row).toMatchObject({ reference_id: referenceId, status: fresh!.status });
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
