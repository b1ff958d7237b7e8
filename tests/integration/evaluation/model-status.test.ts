/**
 * Model status over successive 5-minute windows of one model (model-status.ts): unknown before a
 * reference, then healthy, drifting (three features shifted), degraded (outcomes mostly wrong),
 * silent (no events, though there were some within 24 h); and an idle model (last events 30 h
 * ago) is not silent. The shifts are large (3 standard deviations, a category share from 1/3 to
 * 0.9), so every test flags them at any reasonable seed; the stable windows come from the
 * reference's own distribution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EvaluationPoint,
  StoredEvaluation,
} from '../../../src/modules/evaluation/evaluation.schemas.js';
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
  name: 'status',
  task: 'binary_classification',
  features: [
    { name: 'x', type: 'numerical' },
    { name: 'y', type: 'numerical' },
    { name: 'region', type: 'categorical' },
  ],
});

/** Rows whose prediction is right with probability `accuracy`; `shift` moves every feature. */
function rows(n: number, seed: number, { shift = false, accuracy = 0.9 } = {}): TypedRow[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = rng.normal() + (shift ? 3 : 0);
    const y = 5 + 2 * rng.normal() + (shift ? 6 : 0);
    const region = shift && rng.uniform() < 0.9 ? 'c' : ['a', 'b', 'c'][rng.integer(0, 2)]!;
    const score = 1 / (1 + Math.exp(-x));
    const prediction = score >= 0.5 ? '1' : '0';
    const right = rng.uniform() < accuracy;
    return {
      features: [x, y, region],
      prediction,
      score,
      scores: null,
      actual: right ? prediction : prediction === '1' ? '0' : '1',
    };
  });
}

let env: EvaluationEnv;
const MINUTE = 60_000;
const ends = {
  unknown: minuteEnd(40),
  healthy: minuteEnd(30),
  drifting: minuteEnd(20),
  degraded: minuteEnd(10),
  silent: minuteEnd(0),
};
const results = new Map<string, StoredEvaluation>();

beforeAll(async () => {
  env = await evaluationEnv({ EVALUATION_WINDOWS: '5m,1h', STATUS_WINDOW: '5m' });
  await putModel(env.t, 'status', spec);
  const evaluate = async (name: keyof typeof ends) =>
    results.set(
      name,
      (await env.t.container.evaluations.evaluateWindow('status', '5m', new Date(ends[name])))!,
    );
  const post = (data: TypedRow[], end: number, prefix: string) =>
    postRows(env.t, 'status', spec, data, { fromMs: end - 4 * MINUTE, toMs: end - MINUTE, prefix });

  await post(rows(300, 1), ends.unknown, 'w0');
  await evaluate('unknown');
  const reference = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: '/v1/models/status/reference',
    payload: { rows: rows(600, 2).map((r) => referenceRow(spec, r)) },
  });
  expect(reference.statusCode, reference.body).toBe(201);
  await post(rows(300, 3), ends.healthy, 'w1');
  await evaluate('healthy');
  await post(rows(300, 4, { shift: true }), ends.drifting, 'w2');
  await evaluate('drifting');
  await post(rows(300, 5, { accuracy: 0.4 }), ends.degraded, 'w3');
  await evaluate('degraded');
  await evaluate('silent');
});
afterAll(() => env.close());

describe('status transitions of one model', () => {
  it.each(Object.keys(ends))('the %s window gets that status', (name) => {
    expect(results.get(name)!.status, results.get(name)!.statusReason).toBe(name);
  });

  it('unknown: no reference recorded; later windows record the reference id', () => {
    expect(results.get('unknown')!.reference).toBeNull();
    const ids = ['healthy', 'drifting', 'degraded', 'silent'].map((n) => results.get(n)!.reference?.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBeGreaterThan(0);
  });

  it('drifting: the dataset drift share reached 0.5; degraded: realized accuracy fell over 10%', () => {
    const drifting = results.get('drifting')!;
    expect(drifting.evaluation!.datasetDrift.drifted).toBe(true);
    const degraded = results.get('degraded')!.headline!;
    expect(degraded.judgedOn).toBe('realized');
    expect(degraded.drop!).toBeGreaterThan(0.1);
    expect(results.get('healthy')!.headline!.drop!).toBeLessThan(0.1);
  });

  it('silent: no events in the window, and volume says so', () => {
    const silent = results.get('silent')!;
    expect(silent.window.events).toBe(0);
    expect(silent.volume.events).toBe(0);
    expect(silent.lastEventAt).not.toBeNull();
  });

  it('the time series shows the transitions newest first', async () => {
    const res = await env.t.request(env.t.adminKey, {
      method: 'GET',
      url: '/v1/models/status/evaluations?window=5m',
    });
    const items = res.json<{ items: EvaluationPoint[] }>().items;
    expect(items.map((i) => i.status)).toEqual(['silent', 'degraded', 'drifting', 'healthy', 'unknown']);
  });
});

describe('silent needs expected traffic', () => {
  it('a model whose last events are 30 h old is idle, not silent', async () => {
    await putModel(env.t, 'idle', spec);
    await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: '/v1/models/idle/reference',
      payload: { rows: rows(200, 6).map((r) => referenceRow(spec, r)) },
    });
    const old = minuteEnd(30 * 60);
    await postRows(env.t, 'idle', spec, rows(50, 7), { fromMs: old - 10 * MINUTE, toMs: old, prefix: 'old' });
    const e = await env.t.container.evaluations.evaluateWindow('idle', '5m', new Date(minuteEnd()));
    // Idle: no events, none expected; nothing to judge is not healthy (issue 11 item 1).
    expect([e!.status, e!.window.events]).toEqual(['insufficient_data', 0]);
  });
});

describe('a window too small to judge (issue 11 item 1)', () => {
  it('is insufficient_data with the counts, and the fleet shows the last judged status and its age', async () => {
    await putModel(env.t, 'sparse', spec);
    const reference = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: '/v1/models/sparse/reference',
      payload: { rows: rows(600, 8).map((r) => referenceRow(spec, r)) },
    });
    expect(reference.statusCode, reference.body).toBe(201);
    const judgedEnd = minuteEnd(20);
    const smallEnd = minuteEnd(10);
    const post = (data: TypedRow[], end: number, prefix: string) =>
      postRows(env.t, 'sparse', spec, data, { fromMs: end - 4 * MINUTE, toMs: end - MINUTE, prefix });
    await post(rows(300, 9), judgedEnd, 's1');
    const judged = await env.t.container.evaluations.evaluateWindow('sparse', '5m', new Date(judgedEnd));
    expect(judged!.status).toBe('healthy');
    // 40 events: below every feature's minSamples (100) and too few to judge performance.
    await post(rows(40, 10), smallEnd, 's2');
    const small = await env.t.container.evaluations.evaluateWindow('sparse', '5m', new Date(smallEnd));
    expect(small!.status).toBe('insufficient_data');
    expect(small!.statusReason).toMatch(/^too little to judge: 40 events, no feature of 3 had enough values/);

    const fleet = await env.t.container.fleet.overview(null);
    const entry = fleet.models.find((m) => m.id === 'sparse')!;
    expect(entry.status).toBe('insufficient_data');
    expect(entry.lastJudged).toMatchObject({ status: 'healthy', evaluatedAt: judged!.evaluatedAt });
    const age = (Date.parse(fleet.generatedAt) - Date.parse(judged!.evaluatedAt)) / 1000;
    expect(entry.lastJudged!.ageSeconds).toBeCloseTo(age, 6);
    expect(fleet.kpis.byStatus.insufficient_data).toBeGreaterThanOrEqual(1);
    // A judged model carries no lastJudged.
    expect(fleet.models.find((m) => m.id === 'status')!.lastJudged).toBeNull();
  });
});
