/**
 * Stored evaluations of model versions (src/modules/evaluation/README.md "Slices"): a scheduled
 * window evaluates each kept version apart while two or more are live in it, and only then (with
 * one version live the whole model's result is that version's). Each stored result counts its
 * version's events alone; whether those numbers match SciPy is segments-golden.test.ts's check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { liveVersions } from '../../../src/modules/tiles/segment-values.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';
import { expectProblem } from '../../helpers/problem.js';

const MODEL = 'versions';
const spec = modelSpecSchema.parse({ ...generatedSpec(), name: MODEL });
const end = minuteEnd();
let env: EvaluationEnv;

const storedVersions = async () =>
  (
    await env.db.pool.query<{ slice: string; events: number }>(
      `SELECT slice, events::int FROM slice_evaluations WHERE model_id = $1 AND window_name = '1h' ORDER BY slice`,
      [MODEL],
    )
  ).rows;
const read = (version: string) =>
  env.t.request(env.t.adminKey, {
    method: 'GET',
    url: `/v1/models/${MODEL}/drift?window=1h&version=${version}`,
  });

beforeAll(async () => {
  env = await evaluationEnv();
  await putModel(env.t, MODEL, spec);
  const ref = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${MODEL}/reference`,
    payload: { rows: generatedRows(300, false, 3).map((r) => referenceRow(spec, r)) },
  });
  expect(ref.statusCode, ref.body).toBe(201);
  await postRows(env.t, MODEL, spec, generatedRows(120, false, 5), {
    fromMs: end - 50 * 60_000,
    toMs: end - 10 * 60_000,
    prefix: 'stable',
    modelVersion: 'v1',
  });
});
afterAll(() => env.close());

describe('stored evaluations of versions', () => {
  it('are not made while one version is live, and the read says why', async () => {
    await env.t.container.evaluations.evaluateWindow(MODEL, '1h', new Date(end));
    expect(await storedVersions()).toEqual([]);
    const problem = expectProblem(await read('v1'), 404);
    expect(problem.detail).toMatch(/two or more are live/);
  });

  it('are made for each live version once a second one is live, each of its own events', async () => {
    await postRows(env.t, MODEL, spec, generatedRows(40, true, 6), {
      fromMs: end - 20 * 60_000,
      toMs: end - 5 * 60_000,
      prefix: 'canary',
      modelVersion: 'v2',
    });
    await env.t.container.evaluations.evaluateWindow(MODEL, '1h', new Date(end));
    expect(await storedVersions()).toEqual([
      { slice: 'version:v1', events: 120 },
      { slice: 'version:v2', events: 40 },
    ]);
    const res = await read('v2');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ slice: { version: 'v2' }, window: { name: '1h', events: 40 } });
  });

  it('are of the versions whose predictions span part of the window', async () => {
    const live = (fromMin: number, toMin: number) =>
      liveVersions(env.db.pool, MODEL, new Date(end - fromMin * 60_000), new Date(end - toMin * 60_000));
    expect(await live(120, 60)).toEqual([]); // before either
    expect(await live(50, 25)).toEqual(['v1']); // before the canary
    expect(await live(15, 0)).toEqual(['v1', 'v2']);
    expect(await live(9, 0)).toEqual(['v2']); // after the last of v1
  });

  it('leave out versions pushed out by ten newer ones', async () => {
    const newer = Array.from({ length: 10 }, (_, i) => `v${String(i + 3).padStart(2, '0')}`);
    for (const [i, version] of newer.entries()) {
      await postRows(env.t, MODEL, spec, generatedRows(2, false, 10 + i), {
        fromMs: end - 4 * 60_000,
        toMs: end - 3 * 60_000,
        prefix: version,
        modelVersion: version,
      });
    }
    const live = await liveVersions(env.db.pool, MODEL, new Date(end - 15 * 60_000), new Date(end));
    expect(live).toEqual(newer);
  });
});
