import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShutdownStep } from '../../../src/lib/shutdown.js';
import { startWorker } from '../../../src/main-worker.js';
import { createTestApp, type TestApp } from '../../../tests/helpers/app.js';
import { CHAOS_APP_ENV } from '../../../tests/helpers/chaos.js';
import { freshDatabase, type TestDatabase } from '../../../tests/helpers/db.js';
import { eventually } from '../../../tests/helpers/eventually.js';
import { startFlakyProxy, type FlakyProxy } from '../../../tests/helpers/flaky-proxy.js';
import { CREDIT_SPEC, countRows } from '../../../tests/helpers/ingest.js';
import { createApi, modelReads, ModelwatchError, Monitor, orThrow } from '../src/index.js';

// Issue 9: the TypeScript client against the real service and worker, through a proxy that sheds
// (503), rate-limits (429) and drops connections before and after the service answered: every
// event is stored and folded exactly once.

const MODEL = 'ts-credit';
const PREDICTIONS = 20_000;
const OUTCOMES = 12_000;

let db: TestDatabase;
let t: TestApp;
let steps: ShutdownStep[] = [];
let proxy: FlakyProxy;
let direct: string;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, role: 'all', env: CHAOS_APP_ENV });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  direct = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  steps = (await startWorker(t.container)).steps;
  proxy = await startFlakyProxy(direct, (req) => /\/(predictions|outcomes)$/.test(req.url ?? ''));
  const api = createApi(direct, t.adminKey);
  orThrow(await api.PUT('/v1/models/{modelId}', { params: { path: { modelId: MODEL } }, body: CREDIT_SPEC }));
});

afterAll(async () => {
  await proxy?.close();
  for (const step of steps) await step.run();
  await t?.close();
});

describe('the TypeScript client', () => {
  it(
    'delivers 20,000 predictions and 12,000 outcomes exactly once through a flaky network',
    { timeout: 10 * 60_000 },
    async () => {
      const monitor = new Monitor({
        url: proxy.url,
        apiKey: t.adminKey,
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
      for (const fault of ['shed', 'limited', 'droppedBefore', 'droppedAfter'] as const) {
        expect(proxy.counts[fault], fault).toBeGreaterThan(1);
      }

      await eventually(
        async () =>
          (await countRows(db.pool, 'ingest_batches WHERE model_id = $1 AND folded_at IS NULL', [MODEL])) ===
          0
            ? true
            : undefined,
        120_000,
        200,
      );
      expect(await countRows(db.pool, 'predictions WHERE model_id = $1', [MODEL])).toBe(PREDICTIONS);
      expect(await countRows(db.pool, 'outcomes WHERE model_id = $1', [MODEL])).toBe(OUTCOMES);
      const hour = 3_600_000;
      const window = await t.container.tiles.loadWindow(
        MODEL,
        new Date(Date.now() - 2 * hour),
        new Date(Date.now() + hour),
      );
      expect(window.events).toBe(PREDICTIONS);
      expect(window.performance.labelled).toBe(OUTCOMES);
    },
  );

  it('reads drift, performance and the fleet, typed; a refusal is a ModelwatchError', async () => {
    const api = createApi(direct, t.adminKey);
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
