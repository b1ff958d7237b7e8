import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEnv, expectStoredAndFoldedOnce, type ClientEnv } from '../../../tests/helpers/client-env.js';
import { CREDIT_SPEC } from '../../../tests/helpers/ingest.js';
import { createApi, modelReads, ModelwatchError, Monitor, orThrow } from '../src/index.js';

// Issue 9: the TypeScript client against the real service and worker, through a proxy that sheds
// (503), rate-limits (429) and drops connections before and after the service answered: every
// event is stored and folded exactly once.

const MODEL = 'ts-credit';
const PREDICTIONS = 20_000;
const OUTCOMES = 12_000;

let env: ClientEnv;

beforeAll(async () => {
  env = await clientEnv();
  const api = createApi(env.direct, env.t.adminKey);
  orThrow(await api.PUT('/v1/models/{modelId}', { params: { path: { modelId: MODEL } }, body: CREDIT_SPEC }));
});

afterAll(async () => {
  await env?.close();
});

describe('the TypeScript client', () => {
  it(
    'delivers 20,000 predictions and 12,000 outcomes exactly once through a flaky network',
    { timeout: 10 * 60_000 },
    async () => {
      const monitor = new Monitor({
        url: env.proxy.url,
        apiKey: env.t.adminKey,
        model: MODEL,
        batchSize: 1000,
        maxBuffer: PREDICTIONS + OUTCOMES,
        backoff: { base: 0.01, cap: 0.5 },
      });
      const ids = Array.from({ length: PREDICTIONS }, (_, i) =>
        monitor.logPrediction({
          features: {
            age: 20 + (i % 50),
            income: 30_000 + ((i * 7919) % 60_000),
            country: ['NL', 'DE', 'FR'][i % 3]!,
          },
          prediction: i % 2,
          score: (i % 100) / 100,
        }),
      );
      monitor.logOutcomes(
        ids.slice(0, OUTCOMES).map((predictionId, i) => ({ predictionId, actual: (i >> 1) % 2 })),
      );
      await monitor.flush();
      expect(await monitor.close()).toBe(true);
      const { stats } = monitor;
      expect(stats).toMatchObject({ queued: PREDICTIONS + OUTCOMES, dropped: 0, failed: 0, rejected: 0 });
      expect(stats.accepted + stats.duplicates).toBe(PREDICTIONS + OUTCOMES);
      expect(
        stats.duplicates,
        'answers were lost after the service stored: retries come back as duplicates',
      ).toBeGreaterThan(0);
      await expectStoredAndFoldedOnce(env, MODEL, { predictions: PREDICTIONS, outcomes: OUTCOMES });
    },
  );

  it('reads drift, performance and the fleet, typed; a refusal is a ModelwatchError', async () => {
    const api = createApi(env.direct, env.t.adminKey);
    const reads = modelReads(api, MODEL);
    const range = { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' };
    // No reference yet: the service says so (409), and the client raises it as a ModelwatchError.
    await expect(reads.drift(range)).rejects.toMatchObject({ status: 409 });
    await expect(reads.performance(range)).rejects.toMatchObject({ status: 409 });
    const fleet = orThrow(await api.GET('/v1/fleet', {}));
    expect(fleet.models.map((m) => m.id)).toContain(MODEL);
    const missing = await modelReads(api, 'no-such-model')
      .quality()
      .catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(ModelwatchError);
    expect((missing as ModelwatchError).status).toBe(404);
  });
});
