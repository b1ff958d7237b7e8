/**
 * The operator console's feature routes against real Postgres (issue 10 item 8): a reference and a
 * window of known values posted through the API and folded into tiles, then
 * GET …/features/{feature}/distribution and …/statistic.
 *
 * Expected histograms are counted here from the values posted, with numpy.histogram's rule: 40
 * equal-width bins from the smaller minimum to the larger maximum of both sides, a value v in bin i
 * when edge_i ≤ v < edge_i+1 (the last bin closed). Few distinct values, so the summaries hold
 * them exactly and the counts must be equal, not close.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvaluation } from '../../../src/modules/evaluation/evaluation.schemas.js';
import type { ModelSpecInput } from '../../../src/domain/model-spec.js';
import { foldEnv, MINUTE, type FoldEnv } from '../../helpers/fold-env.js';
import { expectProblem } from '../../helpers/problem.js';

const SPEC: ModelSpecInput = {
  name: 'Charts',
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'country', type: 'categorical' },
    { name: 'many', type: 'categorical' },
  ],
};

// Reference: age 20, 30, 40, 50, 60 (120 each); country NL, DE, FR (200 each); many c0 … c499.
const REFERENCE_ROWS = 600;
const referenceAge = (i: number) => 20 + 10 * (i % 5);
const referenceCountry = (i: number) => ['NL', 'DE', 'FR'][i % 3]!;
// Window: age 25, 35, 45, 55 and one 90, every 30th missing; country NL, DE and unseen XX; many c0 … c499.
const WINDOW_EVENTS = 300;
const windowAge = (i: number) => (i % 30 === 0 ? null : i === 1 ? 90 : 25 + 10 * (i % 4));
const windowCountry = (i: number) => ['NL', 'DE', 'XX', 'NL'][i % 4]!;
const many = (i: number) => `c${(i * 7) % 500}`;

const MODEL = 'charts';
let env: FoldEnv;
const end = Math.ceil(Date.now() / MINUTE) * MINUTE;
const from = new Date(end - 60 * MINUTE).toISOString();
const to = new Date(end).toISOString();

const get = (url: string) => env.t.request(env.t.adminKey, { method: 'GET', url });

beforeAll(async () => {
  env = await foldEnv({ models: { [MODEL]: SPEC, bare: SPEC } });
  const rows = Array.from({ length: REFERENCE_ROWS }, (_, i) => ({
    features: { age: referenceAge(i), country: referenceCountry(i), many: `c${i % 500}` },
    prediction: 1,
    score: 0.7,
  }));
  const res = await env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${MODEL}/reference`,
    payload: { rows },
  });
  expect(res.statusCode, res.body).toBe(201);
  const events = Array.from({ length: WINDOW_EVENTS }, (_, i) => ({
    predictionId: `w-${i}`,
    timestamp: end - 50 * MINUTE + i * 9_000, // 300 events over 45 minutes
    features: { age: windowAge(i), country: windowCountry(i), many: many(i) },
    prediction: 1,
    score: 0.7,
  }));
  await env.fold(MODEL, 'predictions', await env.post(MODEL, 'predictions', events));
});

/** numpy.histogram(values, 40, range=(lo, hi)) counted by hand; the step 1.75 is exact in binary. */
function histogram(values: number[], lo: number, step: number, bins = 40): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / step))]!++;
  return counts;
}

describe('GET /v1/models/{id}/features/{feature}/distribution', () => {
  it('numerical: the histogram numpy gives on the posted values, shared edges, quantiles, missing', async () => {
    const res = await get(`/v1/models/${MODEL}/features/age/distribution?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      feature: 'age',
      type: 'numerical',
      window: { name: null, from, to, events: WINDOW_EVENTS },
      referenceVersion: 1,
      incomplete: null,
    });
    // Both sides span 20 … 90: 40 bins of 1.75.
    const edges = Array.from({ length: 41 }, (_, i) => 20 + i * 1.75);
    expect(body.bins.edges).toEqual(edges);
    const reference = Array.from({ length: REFERENCE_ROWS }, (_, i) => referenceAge(i));
    const window = Array.from({ length: WINDOW_EVENTS }, (_, i) => windowAge(i)).filter(
      (v): v is number => v !== null,
    );
    expect(body.bins.reference).toEqual(histogram(reference, 20, 1.75));
    expect(body.bins.current).toEqual(histogram(window, 20, 1.75));
    // By hand: 20 → bin 0, 30 → bin 5 (10 / 1.75 = 5.7), 60 → bin 22; 90 alone in the last bin.
    expect([body.bins.reference[0], body.bins.reference[5], body.bins.reference[22]]).toEqual([
      120, 120, 120,
    ]);
    expect(body.bins.current[39]).toBe(1);
    expect(body.reference).toMatchObject({ count: 600, missing: 0, min: 20, max: 60, exact: true });
    // 600 values, 120 of each: numpy.quantile puts p50 at 40, p25 at 30, p99 at 60.
    expect(body.reference.quantiles).toMatchObject({ p25: 30, p50: 40, p99: 60 });
    expect(body.current).toMatchObject({ count: 290, missing: 10, min: 25, max: 90, exact: true });
  });

  it('categorical: counts per category, the unseen one flagged, missing apart', async () => {
    const res = await get(`/v1/models/${MODEL}/features/country/distribution?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Window shares: NL .5, DE .25, XX .25; reference shares 1/3 each. By the larger share:
    // NL (.5), DE (.333, ties FR at .333 but 275 values against 200), FR, XX (.25).
    expect(body).toMatchObject({
      type: 'categorical',
      categories: [
        { value: 'NL', reference: 200, current: 150, unseen: false },
        { value: 'DE', reference: 200, current: 75, unseen: false },
        { value: 'FR', reference: 200, current: 0, unseen: false },
        { value: 'XX', reference: 0, current: 75, unseen: true },
      ],
      other: { reference: 0, current: 0 },
      referenceCount: 600,
      currentCount: 300,
      missing: { reference: 0, current: 0 },
    });
  });

  it('bounded: 500 categories answer with at most 50 and the rest in other, summing to the counts', async () => {
    const res = await get(`/v1/models/${MODEL}/features/many/distribution?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      categories: { reference: number; current: number }[];
      other: { reference: number; current: number };
      referenceCount: number;
      currentCount: number;
    }>();
    expect(body.categories.length).toBeLessThanOrEqual(50);
    expect(body.categories.length).toBeGreaterThan(0);
    expect(body.referenceCount).toBe(REFERENCE_ROWS);
    expect(body.currentCount).toBe(WINDOW_EVENTS);
    const sum = (side: 'reference' | 'current') =>
      body.categories.reduce((s, c) => s + c[side], 0) + body.other[side];
    expect([sum('reference'), sum('current')]).toEqual([REFERENCE_ROWS, WINDOW_EVENTS]);
    expect(body.other.current).toBeGreaterThan(0);
  });

  it('?window= (default: the status window) reads that window ending now', async () => {
    const res = await get(`/v1/models/${MODEL}/features/age/distribution?window=1h&bins=7`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.window.name).toBe('1h');
    expect(Date.parse(body.window.to) - Date.parse(body.window.from)).toBe(60 * MINUTE);
    expect(body.current.count).toBe(290);
    expect(body.bins.edges).toHaveLength(8);
    const status = await get(`/v1/models/${MODEL}/features/age/distribution`);
    expect(status.json().window.name).toBe('5m');
  });

  it('404 for an unknown feature, pointing at it, and for an unknown model', async () => {
    const problem = expectProblem(await get(`/v1/models/${MODEL}/features/nope/distribution`), 404);
    expect(problem.errors).toEqual([
      { pointer: '/feature', message: 'is not a feature of the model', location: 'params' },
    ]);
    expectProblem(await get('/v1/models/nobody/features/age/distribution'), 404);
  });

  it('409 for a model without a reference; 400 for a bad range or too many bins', async () => {
    expectProblem(await get('/v1/models/bare/features/age/distribution'), 409);
    const range = expectProblem(
      await get(`/v1/models/${MODEL}/features/age/distribution?from=${from}&to=2100-01-01T00:00:00Z`),
      400,
    );
    expect(range.errors?.[0]?.pointer).toBe('/to');
    expectProblem(await get(`/v1/models/${MODEL}/features/age/distribution?bins=41`), 400);
  });
});

describe('GET /v1/models/{id}/features/{feature}/statistic', () => {
  const ends = [3, 2, 1, 0].map((k) => new Date(end - k * MINUTE));
  let stored: StoredEvaluation[];

  beforeAll(async () => {
    stored = [];
    for (const e of ends) stored.push((await env.t.container.evaluations.evaluateWindow(MODEL, '1h', e))!);
  });

  const ageIn = (e: StoredEvaluation) => e.evaluation!.features.find((f) => f.name === 'age')!;

  it("the stored evaluations' statistic for the feature, oldest first", async () => {
    const res = await get(`/v1/models/${MODEL}/features/age/statistic?window=1h`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      feature: 'age',
      window: '1h',
      method: ageIn(stored[3]!).method,
      more: false,
    });
    expect(body.points).toEqual(
      stored.map((e) => {
        const age = ageIn(e);
        return {
          windowEnd: e.window.to,
          evaluatedAt: e.evaluatedAt,
          method: age.method,
          statistic: age.statistic,
          threshold: age.threshold,
          drifted: age.drifted,
          noisePValue: age.noisePValue,
          status: age.status,
        };
      }),
    );
    expect(body.points.every((p: { statistic: number | null }) => typeof p.statistic === 'number')).toBe(
      true,
    );
  });

  it('limited to the newest points, still oldest first; filtered by window end', async () => {
    const limited = (await get(`/v1/models/${MODEL}/features/age/statistic?window=1h&limit=2`)).json();
    expect(limited.points.map((p: { windowEnd: string }) => p.windowEnd)).toEqual(
      ends.slice(2).map((d) => d.toISOString()),
    );
    expect(limited.more).toBe(true);
    const ranged = (
      await get(
        `/v1/models/${MODEL}/features/country/statistic?window=1h&from=${ends[1]!.toISOString()}&to=${ends[3]!.toISOString()}`,
      )
    ).json();
    expect(ranged.points.map((p: { windowEnd: string }) => p.windowEnd)).toEqual(
      [ends[1], ends[2]].map((d) => d!.toISOString()),
    );
    expect(ranged.points[0].statistic).toBe(stored[1]!.evaluation!.features[1]!.statistic);
  });

  it('no points for a window without evaluations; 404 for an unknown feature; 400 past the limit', async () => {
    const empty = (await get(`/v1/models/${MODEL}/features/age/statistic?window=5m`)).json();
    expect(empty).toEqual({ feature: 'age', window: '5m', method: null, points: [], more: false });
    const problem = expectProblem(await get(`/v1/models/${MODEL}/features/nope/statistic`), 404);
    expect(problem.errors?.[0]?.pointer).toBe('/feature');
    expectProblem(await get(`/v1/models/${MODEL}/features/age/statistic?limit=2001`), 400);
  });
});
