/**
 * Issue 8, finding 1, end to end: events the API accepts that used to make a model unreadable
 * (a numerical feature 1e200 next to 1; 1e308 and 1 in two batches; a category "\ufeff" next to
 * "a"; a regression error beyond the double range) are posted to one model while another gets
 * ordinary traffic. Before: their summaries failed to decode ("non-finite moment", "names not in
 * ascending order"), /drift, /performance and /quality answered 500, and compaction stopped at
 * the first model it could not decode. Now both models fold, compact and evaluate; nothing is
 * quarantined; the poisoned model's reads answer 200 with the values numpy gives.
 */
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import type { TypedRow } from '../../../src/stats/core/typed-row.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';

const spec = modelSpecSchema.parse({
  name: 'poison',
  task: 'regression',
  features: [
    { name: 'x', type: 'numerical' },
    { name: 'c', type: 'categorical' },
  ],
});
const MINUTE = 60_000;
const HOUR = 3_600_000;
const end = minuteEnd();
const POISONED = 'poisoned';
const CLEAN = 'clean';

const row = (x: number | null, c: string | null, prediction: number, actual: number | null): TypedRow => ({
  features: [x, c],
  prediction,
  score: null,
  scores: null,
  actual,
});
/** Ordinary traffic: x in 0 … 9, categories a, b, c, predictions close to the actuals. */
const ordinary = (n: number, seed: number): TypedRow[] =>
  Array.from({ length: n }, (_, i) => row((i * 7 + seed) % 10, 'abc'[(i + seed) % 3]!, i % 5, (i % 5) + 0.5));

let env: EvaluationEnv;
const get = (url: string) => env.t.request(env.t.adminKey, { method: 'GET', url });
const range = `from=${new Date(end - HOUR).toISOString()}&to=${new Date(end).toISOString()}`;
const posted: Record<string, number> = { [POISONED]: 0, [CLEAN]: 0 };

async function quarantined(): Promise<number> {
  const rows = await env.db.pool.query('SELECT count(*)::int AS n FROM quarantined_summaries');
  return (rows.rows[0] as { n: number }).n;
}

beforeAll(async () => {
  env = await evaluationEnv({ EVALUATION_WINDOWS: '5m,1h' });
  for (const [i, model] of [POISONED, CLEAN].entries()) {
    await putModel(env.t, model, spec);
    const res = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: `/v1/models/${model}/reference`,
      payload: { rows: ordinary(200, i).map((r) => referenceRow(spec, r)) },
    });
    expect(res.statusCode, res.body).toBe(201);
    const base = await postRows(env.t, model, spec, ordinary(120, 10 + i), {
      fromMs: end - 50 * MINUTE,
      toMs: end - 10 * MINUTE,
      prefix: `${model}-base`,
    });
    posted[model]! += base.predictions;
  }
  // The poison, in one minute bucket: one batch, then another, then a third.
  const bucket = end - 8 * MINUTE;
  const batches: TypedRow[][] = [
    [row(1e200, '\ufeff', 1e308, -1e308), row(1, 'a', 1, 2)],
    [row(1e308, '\ufeffx', -1.7e308, 1.7e308)],
    [row(1, 'x', 3, 3), row(5e-324, null, 0, -0)],
  ];
  for (const [i, rows] of batches.entries()) {
    const p = await postRows(env.t, POISONED, spec, rows, {
      fromMs: bucket,
      toMs: bucket + MINUTE,
      prefix: `poison-${i}`,
    });
    posted[POISONED]! += p.predictions;
  }
  const late = await postRows(env.t, CLEAN, spec, ordinary(3, 99), {
    fromMs: bucket,
    toMs: bucket + MINUTE,
    prefix: 'clean-late',
  });
  posted[CLEAN]! += late.predictions;
});
afterAll(() => env.close());

describe('poison events next to an ordinary model', () => {
  it('compact for both models, with nothing quarantined', async () => {
    const report = await env.t.container.tileTasks.compactAll();
    expect(report).toMatchObject({ failed: [] });
    const left = await env.db.pool.query('SELECT DISTINCT model_id FROM tile_contributions');
    expect(left.rows).toEqual([]);
    expect(await quarantined()).toBe(0);
  });

  it('answer /drift, /performance and /quality with 200 and whole windows', async () => {
    for (const model of [POISONED, CLEAN]) {
      for (const route of ['drift', 'performance', 'quality']) {
        const res = await get(`/v1/models/${model}/${route}?${range}`);
        expect(res.statusCode, `${model} ${route}: ${res.body}`).toBe(200);
        expect(res.json().incomplete, `${model} ${route}`).toBeNull();
      }
    }
    const quality = (await get(`/v1/models/${POISONED}/quality?${range}`)).json();
    const x = quality.features.find((f: { name: string }) => f.name === 'x');
    expect(x).toMatchObject({ rows: posted[POISONED], missing: 0 });
    // The categories came back as written: the two with a leading U+FEFF are unseen in the
    // reference (a, b, c), as is "x"; "a" is not.
    const c = quality.features.find((f: { name: string }) => f.name === 'c');
    expect(c.unseenCategoryShare).toBeCloseTo(3 / (posted[POISONED]! - 1), 12);
  });

  it('store evaluations of every window for both models; evaluate jobs succeed', async () => {
    for (const model of [POISONED, CLEAN]) {
      for (const window of ['5m', '1h']) {
        const job = {
          id: `test-${model}-${window}`,
          data: { kind: 'window', modelId: model, window, windowEnd: end },
        };
        const result = await env.t.container.processors.evaluate!(job as unknown as Job);
        expect(result, `${model} ${window}`).toMatchObject({ kind: 'window' });
      }
      const drift = await get(`/v1/models/${model}/drift?window=1h`);
      expect(drift.statusCode, drift.body).toBe(200);
      expect(drift.json()).toMatchObject({ incomplete: null, window: { events: posted[model] } });
    }
    const performance = (await get(`/v1/models/${POISONED}/performance?window=1h`)).json();
    // Two errors are beyond the double range (|e| = 2e308 and 3.4e308; numpy's sum overflows to
    // inf), their mean over every labelled pair is not: MAE = (5.4e308 + the small ones) / n.
    const { labelled, metrics } = performance.realized;
    expect(labelled).toBe(posted[POISONED]);
    expect(metrics.mae / ((5.4 / labelled) * 1e308)).toBeCloseTo(1, 9);
    expect(metrics.rmse / (1e308 * Math.sqrt((2 ** 2 + 3.4 ** 2) / labelled))).toBeCloseTo(1, 9);
    expect(await quarantined()).toBe(0);
  });
});
