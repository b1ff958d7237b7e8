/**
 * The fleet shows which versions of each model are live (issue 13 item 4): those seen in the
 * status window (5m here) ending now, as GET /v1/models/{id}/versions marks them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import type { Fleet } from '../../../src/modules/fleet/fleet.schemas.js';
import { evaluationEnv, postRows, putModel, type EvaluationEnv } from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';

const spec = modelSpecSchema.parse({ ...generatedSpec(), name: 'rollout' });
let env: EvaluationEnv;

beforeAll(async () => {
  env = await evaluationEnv();
  await putModel(env.t, 'rollout', spec);
  await putModel(env.t, 'unversioned', spec);
  const now = Date.now();
  for (const [version, agoMin] of [
    ['v1', 30],
    ['v2', 2],
    ['v3', 2],
  ] as const) {
    await postRows(env.t, 'rollout', spec, generatedRows(5, false, 1), {
      fromMs: now - agoMin * 60_000,
      toMs: now - agoMin * 60_000 + 30_000,
      prefix: version,
      modelVersion: version,
    });
  }
  await postRows(env.t, 'unversioned', spec, generatedRows(5, false, 1), {
    fromMs: now - 60_000,
    toMs: now,
    prefix: 'u',
  });
});
afterAll(() => env.close());

describe('the fleet', () => {
  it('lists each model’s versions seen in the status window, in version order', async () => {
    const fleet = (await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' })).json<Fleet>();
    const live = Object.fromEntries(fleet.models.map((m) => [m.id, m.liveVersions]));
    expect(live).toEqual({ rollout: ['v2', 'v3'], unversioned: [] });
  });

  it('lists at most the 10 versions seen last, however many a client sends', async () => {
    const now = Date.now();
    const versions = Array.from({ length: 12 }, (_, i) => `w${String(i).padStart(2, '0')}`);
    for (const [i, version] of versions.entries()) {
      await postRows(env.t, 'unversioned', spec, generatedRows(1, false, 2), {
        fromMs: now - 120_000 + i * 1_000,
        toMs: now - 119_000 + i * 1_000,
        prefix: version,
        modelVersion: version,
      });
    }
    const fleet = (await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' })).json<Fleet>();
    const live = fleet.models.find((m) => m.id === 'unversioned')!.liveVersions;
    expect(live).toEqual(versions.slice(2));
  });
});
