/**
 * Multivariate drift through the service (docs/statistics.md#multivariate-drift): a reference
 * where y follows x (correlation 0.9) stores its PCA; tiles fold the window's co-moments; a window
 * where y turns against x (correlation −0.9) keeps both features' distributions (each N(0, 1)),
 * so no feature drifts, but the multivariate verdict does and the model is drifting. A window from
 * the reference's own distribution is healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvaluation } from '../../../src/modules/evaluation/evaluation.schemas.js';
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
import { seededRandom } from '../../helpers/random.js';

const spec = modelSpecSchema.parse({
  name: 'joint',
  task: 'regression',
  features: [
    { name: 'x', type: 'numerical' },
    { name: 'y', type: 'numerical' },
    { name: 'region', type: 'categorical' },
  ],
});

function rows(n: number, seed: number, rho = 0.9): TypedRow[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = rng.normal();
    const y = rho * x + Math.sqrt(1 - rho * rho) * rng.normal();
    return {
      features: [x, y, ['a', 'b'][rng.integer(0, 1)]!],
      prediction: x + y,
      score: null,
      scores: null,
      actual: null,
    };
  });
}

let env: EvaluationEnv;
const MINUTE = 60_000;
const ends = { healthy: minuteEnd(20), flipped: minuteEnd(10) };
const results = new Map<string, StoredEvaluation>();

beforeAll(async () => {
  env = await evaluationEnv({ EVALUATION_WINDOWS: '5m', STATUS_WINDOW: '5m' });
  await putModel(env.t, 'joint', spec);
  const reference = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: '/v1/models/joint/reference',
    payload: { rows: rows(900, 1).map((r) => referenceRow(spec, r)) },
  });
  expect(reference.statusCode, reference.body).toBe(201);
  const post = (data: TypedRow[], end: number, prefix: string) =>
    postRows(env.t, 'joint', spec, data, { fromMs: end - 4 * MINUTE, toMs: end - MINUTE, prefix });
  await post(rows(300, 2), ends.healthy, 'h');
  await post(rows(300, 3, -0.9), ends.flipped, 'f');
  for (const [name, end] of Object.entries(ends)) {
    results.set(name, (await env.t.container.evaluations.evaluateWindow('joint', '5m', new Date(end)))!);
  }
});
afterAll(() => env.close());

describe('multivariate drift', () => {
  it('the reference describes its PCA: 1 of 2 components, 30 chunks of 30 rows', async () => {
    const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/joint/reference' });
    expect(res.json()).toMatchObject({
      multivariate: { features: ['x', 'y'], components: 1, chunks: { count: 30, size: 30 } },
    });
  });

  it('a window from the reference is healthy, its error near the reference’s', () => {
    const healthy = results.get('healthy')!;
    expect(healthy.status, healthy.statusReason).toBe('healthy');
    expect(healthy.evaluation!.multivariate).toMatchObject({
      status: 'ok',
      windowCount: 300,
      drifted: false,
    });
  });

  it('a flipped correlation drifts only jointly, and the model is drifting', () => {
    const flipped = results.get('flipped')!;
    const evaluation = flipped.evaluation!;
    expect(evaluation.features.map((f) => f.drifted)).toEqual([false, false, false]);
    const joint = evaluation.multivariate!;
    expect(joint).toMatchObject({ status: 'ok', practical: true, drifted: true });
    // y − x's variance goes from 2(1 − 0.9) to 2(1 + 0.9): the error grows about 19-fold.
    expect(joint.statistic! / joint.reference).toBeGreaterThan(10);
    expect(joint.noisePValue!).toBeLessThan(joint.alpha);
    expect(flipped.status).toBe('drifting');
    expect(flipped.statusReason).toMatch(/joint distribution changed/);
  });
});
