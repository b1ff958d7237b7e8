/**
 * Per-model work is bounded (issue 8): evaluate jobs coalesce into at most one pending job per
 * model and window, whatever triggered them, so a model uploading reference after reference
 * cannot fill the queue ahead of every other model; and a trigger that comes while its window is
 * being evaluated still gets the newer data evaluated afterwards.
 */
import { Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../../src/jobs/processors.js';
import { createRedis } from '../../../src/lib/redis.js';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { evaluationEnv, putModel, referenceRow, type EvaluationEnv } from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';
import { eventually } from '../../helpers/eventually.js';

const spec = modelSpecSchema.parse({ ...generatedSpec(), name: 'coalescing' });
const WINDOWS = ['5m', '1h'];
/** Generous: the machine is shared; nothing here is a timing claim. */
const DEADLINE_MS = 60_000;
const TEST_TIMEOUT_MS = 3 * DEADLINE_MS;

let env: EvaluationEnv;
beforeAll(async () => {
  // Hourly ticks: the jobs in these tests come from reference uploads (and the first tick).
  env = await evaluationEnv({ EVALUATION_WINDOWS: WINDOWS.join(','), EVALUATION_INTERVAL_SECONDS: '3600' });
});
afterAll(() => env.close());

const queue = () => env.t.container.queues.get('evaluate');

async function putReference(modelId: string, seed: number): Promise<number> {
  const res = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${modelId}/reference`,
    payload: { rows: generatedRows(20, false, seed).map((r) => referenceRow(spec, r)) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}

/** Window jobs not started yet, per window, of one model. */
async function pendingWindowJobs(modelId: string): Promise<Record<string, number>> {
  const jobs: Job[] = await queue().getJobs(['waiting', 'delayed', 'prioritized']);
  const counts: Record<string, number> = {};
  for (const job of jobs) {
    if (job.data.kind !== 'window' || job.data.modelId !== modelId) continue;
    counts[job.data.window] = (counts[job.data.window] ?? 0) + 1;
  }
  return counts;
}

/** The reference id of the newest stored evaluation of each window, once every window has one. */
async function latestReferences(modelId: string): Promise<Record<string, number> | undefined> {
  const { rows } = await env.db.pool.query<{ window_name: string; reference_id: string | null }>(
    `SELECT DISTINCT ON (window_name) window_name, reference_id FROM evaluations
     WHERE model_id = $1 ORDER BY window_name, window_end DESC, evaluated_at DESC`,
    [modelId],
  );
  if (rows.length < WINDOWS.length) return undefined;
  return Object.fromEntries(rows.map((r) => [r.window_name, Number(r.reference_id)]));
}

const untilEvaluatedAgainst = (modelId: string, referenceId: number) =>
  eventually(
    async () => {
      const latest = await latestReferences(modelId);
      return latest && WINDOWS.every((w) => latest[w] === referenceId) ? latest : undefined;
    },
    DEADLINE_MS,
    100,
  );

/** A BullMQ worker on the test's `evaluate` queue, running `processor`; returns its stop. */
function runWorker(processor: Processor, concurrency: number): () => Promise<void> {
  const connection = createRedis(env.t.container.redisUrl, 'consumer');
  const worker = new Worker('evaluate', processor, { connection, prefix: env.t.queuePrefix, concurrency });
  return async () => {
    await worker.close();
    await connection.quit();
  };
}

describe('evaluate jobs per model', () => {
  it(
    'fifty reference uploads leave one pending job per window, and other models are evaluated',
    async () => {
      await putModel(env.t, 'busy', spec);
      await putModel(env.t, 'quiet', spec);
      let busyReference = 0;
      for (let i = 0; i < 50; i++) busyReference = await putReference('busy', i);
      const quietReference = await putReference('quiet', 100);

      expect(await pendingWindowJobs('busy')).toEqual({ '5m': 1, '1h': 1 });
      expect(await pendingWindowJobs('quiet')).toEqual({ '5m': 1, '1h': 1 });

      const stop = runWorker(env.t.container.processors.evaluate!, 4);
      try {
        await untilEvaluatedAgainst('quiet', quietReference);
        // The jobs that waited took in every upload: the newest reference is what was evaluated.
        await untilEvaluatedAgainst('busy', busyReference);
      } finally {
        await stop();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a trigger while its window is being evaluated is run once more afterwards, on the newer data',
    async () => {
      await putModel(env.t, 'held', spec);
      const first = await putReference('held', 200);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const holding = new Promise<void>((resolve) => (started = resolve));
      let held = false;
      const evaluate = env.t.container.processors.evaluate!;
      // The first 1h job of `held` evaluates, then stays active until released.
      const stop = runWorker(async (job, token) => {
        const result = await evaluate(job, token);
        if (!held && job.data.kind === 'window' && job.data.modelId === 'held' && job.data.window === '1h') {
          held = true;
          started();
          await gate;
        }
        return result;
      }, 4);
      try {
        await holding;
        expect((await latestReferences('held'))?.['1h'] ?? first).toBe(first);
        const second = await putReference('held', 201);
        // Kept as the next job of the active one, not queued beside it.
        expect((await pendingWindowJobs('held'))['1h'] ?? 0).toBeLessThanOrEqual(1);
        release();
        await untilEvaluatedAgainst('held', second);
      } finally {
        release();
        await stop();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
