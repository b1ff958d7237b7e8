/**
 * PUT/GET /v1/models/{modelId}/reference against real Postgres: JSON, NDJSON and CSV uploads of
 * the same rows give the same reference; versions count up; a range of stored traffic builds one.
 * Expected edges, ranges, default methods and the reference's own performance come from numpy and
 * scikit-learn (tests/golden/references.py, on report.py's reference rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema, type ModelSpecInput } from '../../../src/domain/model-spec.js';
import type { ReferenceDescription } from '../../../src/modules/references/references.schemas.js';
import { createApiKey } from '../../helpers/api-keys.js';
import { evaluationEnv, minuteEnd, putModel, type EvaluationEnv } from '../../helpers/evaluation-env.js';
import { expectClose, readGolden } from '../../helpers/golden.js';
import { expectProblem } from '../../helpers/problem.js';

interface ReportGolden {
  spec: ModelSpecInput;
  reference: {
    features: Record<string, unknown>;
    score: number;
    prediction: number;
    actual: number | null;
  }[];
}
interface ReferencesGolden {
  rows: number;
  labelled: number;
  features: {
    name: string;
    defaultMethod: string;
    edges: number[];
    range: { min: number; max: number } | null;
    rows: number;
    present: number;
  }[];
  performance: Record<string, number | null>;
}

const report = readGolden<ReportGolden>('report.json');
const golden = readGolden<ReferencesGolden>('references.json');
const spec = modelSpecSchema.parse(report.spec);

const toCsv = (): string => {
  const header = [...spec.features.map((f) => f.name), 'prediction', 'score', 'actual'];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const lines = report.reference.map((r) =>
    [
      ...spec.features.map((f) => cell(r.features[f.name])),
      cell(r.prediction),
      cell(r.score),
      cell(r.actual),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\n');
};

let env: EvaluationEnv;
beforeAll(async () => {
  env = await evaluationEnv({ REFERENCE_MAX_ROWS: '500' }, 'api');
  await putModel(env.t, 'credit', report.spec);
});
afterAll(() => env.close());

const put = (payload: string | object, contentType = 'application/json', model = 'credit') =>
  env.t.request(env.t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${model}/reference`,
    headers: { 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

function expectGoldenReference(ref: ReferenceDescription): void {
  expect(ref.rows).toBe(golden.rows);
  expect(ref.labelled).toBe(golden.labelled);
  expect(ref.features.map((f) => f.name)).toEqual(golden.features.map((f) => f.name));
  ref.features.forEach((f, i) => {
    const want = golden.features[i]!;
    expect([f.defaultMethod, f.method, f.rows, f.present], f.name).toEqual([
      want.defaultMethod,
      want.defaultMethod,
      want.rows,
      want.present,
    ]);
    expect(f.edges.length, f.name).toBe(want.edges.length);
    f.edges.forEach((e, j) => expectClose(e, want.edges[j]!, 1e-12, 1e-12, `${f.name} edge ${j}`));
    expect(f.range).toEqual(want.range);
  });
  expect(ref.cbpe?.calibration).toMatch(/^(isotonic|identity)$/);
  const metrics = ref.performance!.metrics as Record<string, number | null>;
  for (const [key, value] of Object.entries(golden.performance)) {
    if (value === null) expect(metrics[key], key).toBeNull();
    else
      expectClose(metrics[key]!, value, key === 'rocAuc' ? 0 : 1e-9, key === 'rocAuc' ? 0.005 : 1e-12, key);
  }
}

describe('uploading rows', () => {
  const versions: ReferenceDescription[] = [];

  it('JSON { rows } stores version 1 with the edges, ranges and methods numpy gives', async () => {
    const res = await put({ rows: report.reference });
    expect(res.statusCode, res.body).toBe(201);
    const ref = res.json<ReferenceDescription>();
    expect([ref.version, ref.source, ref.range]).toEqual([1, 'rows', null]);
    expectGoldenReference(ref);
    versions.push(ref);
  });

  it('NDJSON and CSV of the same rows store versions 2 and 3 with the same profile', async () => {
    const ndjson = await put(
      report.reference.map((r) => JSON.stringify(r)).join('\n'),
      'application/x-ndjson',
    );
    expect(ndjson.statusCode, ndjson.body).toBe(201);
    const csv = await put(toCsv(), 'text/csv');
    expect(csv.statusCode, csv.body).toBe(201);
    for (const res of [ndjson, csv]) {
      const ref = res.json<ReferenceDescription>();
      expectGoldenReference(ref);
      expect(ref.features).toEqual(versions[0]!.features);
      versions.push(ref);
    }
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(new Set(versions.map((v) => v.id)).size).toBe(3);
  });

  it('GET describes the newest version; a read key may see it', async () => {
    const reader = await createApiKey(env.t, { scopes: ['read'] });
    const res = await env.t.request(reader.key, { method: 'GET', url: '/v1/models/credit/reference' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ReferenceDescription>()).toEqual(versions[2]);
  });

  it('each version is in the audit log', async () => {
    const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/credit/audit' });
    const actions = res.json<{ items: { action: string; changes: { after: { version: number } }[] }[] }>()
      .items;
    const set = actions.filter((a) => a.action === 'reference_set').map((a) => a.changes[0]!.after.version);
    expect(set).toEqual([3, 2, 1]);
  });

  it('a configured method overrides the default one in the description, not the stored default', async () => {
    const withOverride = {
      ...report.spec,
      features: report.spec.features.map((f) =>
        f.name === 'age' ? { ...f, drift: { method: 'psi' as const } } : f,
      ),
    };
    await putModel(env.t, 'credit-psi', withOverride);
    const res = await put({ rows: report.reference }, 'application/json', 'credit-psi');
    const age = res.json<ReferenceDescription>().features.find((f) => f.name === 'age')!;
    expect([age.method, age.defaultMethod]).toEqual(['psi', golden.features[0]!.defaultMethod]);
  });
});

describe('a range of stored traffic', () => {
  it('uses the predictions in [from, to) with their outcomes', async () => {
    await putModel(env.t, 'traffic', report.spec);
    const end = minuteEnd(1);
    const events = report.reference.map((r, i) => ({
      predictionId: `p${i}`,
      timestamp: end - 600_000 + i * 1000,
      features: r.features,
      prediction: r.prediction,
      score: r.score,
    }));
    const posted = await env.t.request(env.t.adminKey, {
      method: 'POST',
      url: '/v1/models/traffic/predictions',
      payload: { events },
    });
    expect(posted.statusCode, posted.body).toBe(202);
    const outcomes = report.reference.flatMap((r, i) =>
      r.actual === null ? [] : [{ predictionId: `p${i}`, actual: r.actual }],
    );
    await env.t.request(env.t.adminKey, {
      method: 'POST',
      url: '/v1/models/traffic/outcomes',
      payload: { events: outcomes },
    });

    const from = new Date(end - 600_000).toISOString();
    const to = new Date(end - 600_000 + 400_000).toISOString(); // [from, to) holds the rows 0..399
    const res = await put({ from, to }, 'application/json', 'traffic');
    expect(res.statusCode, res.body).toBe(201);
    const ref = res.json<ReferenceDescription>();
    expect([ref.source, ref.range]).toEqual(['traffic', { from, to }]);
    expectGoldenReference(ref);

    const part = await put(
      { from, to: new Date(end - 600_000 + 100_000).toISOString() },
      'application/json',
      'traffic',
    );
    expect(part.json<ReferenceDescription>().rows).toBe(100);
  });
});

describe('refusals', () => {
  it('a bad value is a 400 pointing at the row and field', async () => {
    const rows = report.reference.slice(0, 5).map((r) => ({ ...r, features: { ...r.features } }));
    rows[3]!.features.age = 'old';
    const problem = expectProblem(await put({ rows }), 400);
    expect(problem.errors?.[0]?.pointer).toBe('/rows/3/features/age');
  });

  it('CSV without a feature column, an empty body, a bad range, or a text/plain body', async () => {
    expect(expectProblem(await put('prediction,score\n1,0.5', 'text/csv'), 400).detail).toMatch(
      /no column for feature/,
    );
    expectProblem(await put({ rows: [] }), 400);
    expectProblem(await put({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }), 400);
    expectProblem(await put('age', 'text/plain'), 415);
  });

  it('more rows than REFERENCE_MAX_ROWS is a 413', async () => {
    expectProblem(await put({ rows: [...report.reference, ...report.reference] }), 413);
  });

  it('unknown model 404, no reference yet 404, a read key cannot PUT', async () => {
    expectProblem(await put({ rows: report.reference }, 'application/json', 'nope'), 404);
    await putModel(env.t, 'bare', report.spec);
    expectProblem(
      await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/bare/reference' }),
      404,
    );
    const reader = await createApiKey(env.t, { scopes: ['read'] });
    const res = await env.t.request(reader.key, {
      method: 'PUT',
      url: '/v1/models/bare/reference',
      payload: { rows: report.reference },
    });
    expectProblem(res, 403);
  });
});
