/**
 * References of one model version (src/modules/references/README.md "Per version"): a version
 * with its own reference has its slice judged against it; every other version, and the model
 * as a whole, stay judged against the model's own. Which reference an evaluation used is the
 * routing under test; the numbers of an evaluation against a given reference are
 * segments-golden.test.ts's and evaluation.test.ts's checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';

const MODEL = 'canaried';
const spec = modelSpecSchema.parse({ ...generatedSpec(), name: MODEL });
const end = minuteEnd();
const range = `from=${new Date(end - 60 * 60_000).toISOString()}&to=${new Date(end).toISOString()}`;
let env: EvaluationEnv;
let modelRef: number;

const request = (method: 'GET' | 'PUT', url: string, payload?: object) =>
  env.t.request(env.t.adminKey, { method, url, ...(payload === undefined ? {} : { payload }) });
const putReference = async (query: string, payload: object) => {
  const res = await request('PUT', `/v1/models/${MODEL}/reference${query}`, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; version: number; modelVersion: string | null; rows: number }>();
};
const rows = (n: number, drifted: boolean, seed: number) =>
  generatedRows(n, drifted, seed).map((r) => referenceRow(spec, r));
/** The id of the reference an on-demand evaluation of the model, or of `?version=`, used. */
const judgedBy = async (version?: string) => {
  const res = await request(
    'GET',
    `/v1/models/${MODEL}/drift?${range}${version === undefined ? '' : `&version=${version}`}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ reference: { id: number } }>().reference.id;
};

beforeAll(async () => {
  env = await evaluationEnv();
  await putModel(env.t, MODEL, spec);
  modelRef = (await putReference('', { rows: rows(300, false, 3) })).id;
  for (const [version, drifted, n, seed] of [
    ['v1', false, 120, 5],
    ['v2', true, 40, 6],
  ] as const) {
    await postRows(env.t, MODEL, spec, generatedRows(n, drifted, seed), {
      fromMs: end - 50 * 60_000,
      toMs: end - 10 * 60_000,
      prefix: version,
      modelVersion: version,
    });
  }
});
afterAll(() => env.close());

describe('a reference of one model version', () => {
  it('is set with ?modelVersion= and numbered with the model’s', async () => {
    const v2 = await putReference('?modelVersion=v2', { rows: rows(200, true, 7) });
    expect(v2).toMatchObject({ version: 2, modelVersion: 'v2', rows: 200 });
  });

  it('judges that version’s slice; the model and other versions keep the model’s', async () => {
    const v2 = (await request('GET', `/v1/models/${MODEL}/reference?modelVersion=v2`)).json();
    expect(v2.modelVersion).toBe('v2');
    expect(await judgedBy('v2')).toBe(v2.id);
    expect(await judgedBy('v1')).toBe(modelRef);
    expect(await judgedBy()).toBe(modelRef);
  });

  it('is described for the version; a version without one is described by the model’s', async () => {
    const own = (await request('GET', `/v1/models/${MODEL}/reference`)).json();
    expect([own.id, own.modelVersion]).toEqual([modelRef, null]);
    const v1 = (await request('GET', `/v1/models/${MODEL}/reference?modelVersion=v1`)).json();
    expect([v1.id, v1.modelVersion]).toEqual([modelRef, null]);
  });

  it('from traffic, summarises that version’s predictions only', async () => {
    const v1 = await putReference('?modelVersion=v1', {
      from: new Date(end - 60 * 60_000).toISOString(),
      to: new Date(end).toISOString(),
    });
    expect(v1).toMatchObject({ modelVersion: 'v1', rows: 120 });
    expect(await judgedBy('v1')).toBe(v1.id);
  });

  it('stays the version’s when the model gets a newer reference of its own', async () => {
    const newer = await putReference('', { rows: rows(300, false, 8) });
    expect(await judgedBy()).toBe(newer.id);
    const v2 = (await request('GET', `/v1/models/${MODEL}/reference?modelVersion=v2`)).json();
    expect(await judgedBy('v2')).toBe(v2.id);
    expect(v2.id).not.toBe(newer.id);
  });

  it('is in the audit log with its version', async () => {
    const res = await request('GET', `/v1/models/${MODEL}/audit`);
    const set = res
      .json<{
        items: { action: string; changes: { after: { version: number; modelVersion?: string } }[] }[];
      }>()
      .items.filter((a) => a.action === 'reference_set')
      .map((a) => [a.changes[0]!.after.version, a.changes[0]!.after.modelVersion ?? null]);
    expect(set).toEqual([
      [4, null],
      [3, 'v1'],
      [2, 'v2'],
      [1, null],
    ]);
  });
});
