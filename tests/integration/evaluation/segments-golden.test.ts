/**
 * Slices through the API (issue 13 "Done when"): events of four channel values and two model
 * versions are posted, folded by the real worker, and each segment value's and each version's
 * on-demand evaluation is checked against SciPy and scikit-learn on the rows of that slice alone
 * (tests/golden/segments.json, written by segments.py): statistics and p-values as
 * evaluation.test.ts holds the whole model's (the sketches are exact at these sizes), quality and
 * realized performance exact, ROC AUC within 0.005 (docs/statistics.md#error-bounds-from-tiles).
 * Each segment value and each version is also read as the stored 1h window (the scheduled
 * evaluation evaluates every kept value, and every kept version while two or more are live). The version comparison reads v1's window from tiles as the reference: held
 * to those bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShutdownStep } from '../../../src/lib/shutdown.js';
import { startWorker } from '../../../src/main-worker.js';
import { evaluationEnv, minuteEnd, putModel, type EvaluationEnv } from '../../helpers/evaluation-env.js';
import { readGolden } from '../../helpers/golden.js';
import { expectProblem } from '../../helpers/problem.js';

interface GoldenFeature {
  name: string;
  method: string;
  statistic: number;
  pValue: number | null;
  drifted: boolean;
  quality: { missingShare: number };
}
interface GoldenEvaluation {
  events: number;
  datasetDrift: { share: number; drifted: boolean };
  features: GoldenFeature[];
  prediction: GoldenFeature;
  score: GoldenFeature;
  performance: { labelled: number; coverage: number; metrics: Record<string, number | null> };
}
interface GoldenRow {
  features: Record<string, unknown>;
  score: number;
  prediction: number;
  actual: number | null;
  channel: string;
  modelVersion: string;
}
interface SegmentsGolden {
  spec: Record<string, unknown>;
  reference: unknown[];
  current: GoldenRow[];
  slices: Record<string, GoldenEvaluation>;
  compare: GoldenEvaluation & { baselineEvents: number; candidateEvents: number };
}

const golden = readGolden<SegmentsGolden>('segments.json');
const MODEL = 'sliced-golden';
let env: EvaluationEnv;
let stopWorker: ShutdownStep[] = [];
const end = minuteEnd();
const from = new Date(end - 60 * 60_000).toISOString();
const to = new Date(end).toISOString();

const get = (url: string) => env.t.request(env.t.adminKey, { method: 'GET', url });
const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  env = await evaluationEnv({ EVALUATION_WINDOWS: '5m,1h' });
  stopWorker = (await startWorker(env.t.container)).steps;
  await putModel(env.t, MODEL, golden.spec as never);
  const ref = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${MODEL}/reference`,
    payload: { rows: golden.reference },
  });
  expect(ref.statusCode, ref.body).toBe(201);
  const step = (45 * 60_000) / golden.current.length;
  const events = golden.current.map((r, i) => ({
    predictionId: `g-${i}`,
    timestamp: Math.floor(end - 50 * 60_000 + i * step),
    modelVersion: r.modelVersion,
    segments: { channel: r.channel },
    features: r.features,
    prediction: r.prediction,
    score: r.score,
  }));
  const outcomes = golden.current.flatMap((r, i) =>
    r.actual === null ? [] : [{ predictionId: `g-${i}`, actual: r.actual }],
  );
  for (const [kind, body] of [
    ['predictions', events],
    ['outcomes', outcomes],
  ] as const) {
    const res = await env.t.request(env.t.adminKey, {
      method: 'POST',
      url: `/v1/models/${MODEL}/${kind}`,
      payload: { events: body },
    });
    expect(res.statusCode, res.body).toBe(202);
  }
  // The worker folds both batches (poll with a deadline, never a fixed wait).
  await until('the worker to fold every batch', async () => {
    const { rows } = await env.db.pool.query<{ waiting: number; batches: number }>(
      `SELECT count(*) FILTER (WHERE folded_at IS NULL)::int AS waiting, count(*)::int AS batches
       FROM ingest_batches WHERE model_id = $1`,
      [MODEL],
    );
    return rows[0]!.batches >= 2 && rows[0]!.waiting === 0;
  });
});
afterAll(async () => {
  for (const step of stopWorker) await step.run();
  await env.close();
});

/** A slice as its query names it. */
const query = (slice: string) =>
  slice.startsWith('version:')
    ? `version=${encodeURIComponent(slice.slice('version:'.length))}`
    : `segment=${encodeURIComponent(slice.slice('segment:'.length).replace('=', ':'))}`;

/** Each slice on demand and as the stored 1h window. */
const cases = Object.keys(golden.slices).flatMap((slice) => [
  [slice, 'on demand', range] as const,
  [slice, 'stored 1h window', 'window=1h'] as const,
]);

describe.each(cases)('the slice %s, %s', (slice, _how, reading) => {
  const want = golden.slices[slice]!;
  const url = (route: string) => `/v1/models/${MODEL}/${route}?${reading}&${query(slice)}`;

  beforeAll(async () => {
    // The scheduled evaluation of the window ending at `end` also evaluates each kept segment
    // value, and each version (both are live in it).
    if (reading === 'window=1h') await env.t.container.evaluations.evaluateWindow(MODEL, '1h', new Date(end));
  });

  it('has the drift SciPy gives on its rows alone', async () => {
    const res = await get(url('drift'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.window.events).toBe(want.events);
    expect(body.slice).toEqual(
      slice.startsWith('version:')
        ? { segment: null, version: slice.slice(8) }
        : { segment: { key: 'channel', value: slice.split('=')[1] }, version: null },
    );
    const drifts = [...want.features, want.prediction, want.score];
    const got = [...body.features, body.prediction, body.score];
    drifts.forEach((w, i) => {
      expect([got[i].name, got[i].method, got[i].practical], w.name).toEqual([w.name, w.method, w.drifted]);
      expect(got[i].statistic, w.name).toBeCloseTo(w.statistic, 9);
      if (w.pValue !== null) expect(got[i].pValue, w.name).toBeCloseTo(w.pValue, 9);
    });
  });

  it('has the quality, volume and realized performance of its rows', async () => {
    const quality = (await get(url('quality'))).json();
    expect(quality.rows).toBe(want.events);
    want.features.forEach((w, i) =>
      expect(quality.features[i].missingShare, w.name).toBe(w.quality.missingShare),
    );
    const perf = (await get(url('performance'))).json();
    expect([perf.realized.labelled, perf.realized.coverage]).toEqual([
      want.performance.labelled,
      want.performance.coverage,
    ]);
    for (const [key, w] of Object.entries(want.performance.metrics)) {
      const g = perf.realized.metrics[key];
      if (w === null) expect(g, key).toBeNull();
      else if (key === 'rocAuc') expect(Math.abs(g - w)).toBeLessThanOrEqual(0.005);
      else expect(g, key).toBeCloseTo(w, 9);
    }
  });
});

describe('the segments of a key', () => {
  it('lists every kept value and __other__ with its results, the drifting one first', async () => {
    const res = await get(`/v1/models/${MODEL}/segments?${range}&key=channel`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const values = Object.keys(golden.slices)
      .filter((s) => s.startsWith('segment:'))
      .map((s) => s.split('=')[1]!);
    expect(body.items.map((i: { value: string }) => i.value).sort()).toEqual(values.sort());
    expect(body.items[0].value).toBe('app');
    expect(body.items[0].status).toBe('drifting');
    expect(body.quiet).toEqual([]);
    for (const item of body.items) {
      const want = golden.slices[`segment:channel=${item.value}`]!;
      expect(item.events, item.value).toBe(want.events);
      expect(item.realized.labelled, item.value).toBe(want.performance.labelled);
    }
    // Worst first: by status, then by the strongest drift.
    const strengths = body.items
      .filter((i: { status: string }) => i.status === 'healthy')
      .map((i: { strongestDrift: { strength: number } }) => i.strongestDrift.strength);
    expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
  });
});

describe('the segments of a key, stored', () => {
  it('lists the latest stored 1h evaluation of each value, the drifting one first', async () => {
    await env.t.container.evaluations.evaluateWindow(MODEL, '1h', new Date(end));
    const body = (await get(`/v1/models/${MODEL}/segments?key=channel&window=1h`)).json();
    expect(body.window).toBe('1h');
    expect(body.to).toBe(to);
    expect(body.items[0]).toMatchObject({ value: 'app', status: 'drifting' });
    for (const item of body.items)
      expect(item.events, item.value).toBe(golden.slices[`segment:channel=${item.value}`]!.events);
    expect(body.items).toHaveLength(4);
  });
});

describe('two versions compared', () => {
  it('gives v2 drift against v1 within the bounds of tiles, and the performance of each', async () => {
    const res = await get(`/v1/models/${MODEL}/versions/compare?${range}&baseline=v1&candidate=v2`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const want = golden.compare;
    expect([body.baseline.events, body.candidate.events]).toEqual([
      want.baselineEvents,
      want.candidateEvents,
    ]);
    const drifts = [...want.features, want.prediction, want.score];
    const got = [...body.drift.features, body.drift.prediction, body.drift.score];
    drifts.forEach((w, i) => {
      expect([got[i].name, got[i].method], w.name).toEqual([w.name, w.method]);
      if (w.method === 'ks')
        expect(Math.abs(got[i].statistic - w.statistic), w.name).toBeLessThanOrEqual(0.01);
      else expect(got[i].statistic, w.name).toBeCloseTo(w.statistic, 9);
    });
    expect(body.drift.datasetDrift.drifted).toBe(true);
    for (const [side, slice] of [
      ['baseline', 'version:v1'],
      ['candidate', 'version:v2'],
    ] as const) {
      const perf = golden.slices[slice]!.performance;
      expect(body[side].realized.labelled, side).toBe(perf.labelled);
      expect(body[side].realized.metrics.accuracy, side).toBeCloseTo(perf.metrics.accuracy!, 9);
      expect(body[side].estimated, side).not.toBeNull();
    }
  });
});

describe('slice parameters', () => {
  it('answer 400 problem+json naming the parameter', async () => {
    const cases: [string, string][] = [
      [`/v1/models/${MODEL}/drift?${range}&segment=country:DE`, '/segment'],
      [`/v1/models/${MODEL}/drift?${range}&segment=channel`, '/segment'],
      [`/v1/models/${MODEL}/drift?${range}&segment=channel:app&version=v1`, '/version'],
      [`/v1/models/${MODEL}/segments?${range}&key=country`, '/key'],
      [`/v1/models/${MODEL}/versions/compare?${range}&baseline=v0&candidate=v2`, '/baseline'],
      [`/v1/models/${MODEL}/versions/compare?${range}&baseline=v1&candidate=v9`, '/candidate'],
    ];
    for (const [url, pointer] of cases) {
      const body = expectProblem(await get(url), 400);
      expect(
        body.errors?.map((e) => e.pointer),
        url,
      ).toContain(pointer);
    }
  });
});
