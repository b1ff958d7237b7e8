import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { ShutdownStep } from '../../src/lib/shutdown.js';
import { startWorker } from '../../src/main-worker.js';
import { createTestApp, type TestApp } from './app.js';
import { CHAOS_APP_ENV } from './chaos.js';
import { freshDatabase, type TestDatabase } from './db.js';
import { eventually } from './eventually.js';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.js';
import { countRows } from './ingest.js';

/**
 * What the clients' tests run against (clients/typescript/tests/live.test.ts,
 * tests/integration/clients/python-client.test.ts): the real API and worker in one process, listening,
 * on a fresh database, and in front of it a flaky proxy whose faults hit the ingest routes only
 * (reads are tested for their answers).
 */
export interface ClientEnv {
  db: TestDatabase;
  t: TestApp;
  /** The service itself, and the proxy in front of it. */
  direct: string;
  proxy: FlakyProxy;
  close(): Promise<void>;
}

export async function clientEnv(): Promise<ClientEnv> {
  const db = await freshDatabase();
  const t = await createTestApp({ databaseUrl: db.url, role: 'all', env: CHAOS_APP_ENV });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const direct = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const steps: ShutdownStep[] = (await startWorker(t.container)).steps;
  const proxy = await startFlakyProxy(direct, (req) => /\/(predictions|outcomes)$/.test(req.url ?? ''));
  return {
    db,
    t,
    direct,
    proxy,
    async close() {
      await proxy.close();
      for (const step of steps) await step.run();
      await t.close();
    },
  };
}

/**
 * The clients' end: every proxy fault happened more than once, and once every batch is folded,
 * Postgres holds each event once and the tiles count each event and labelled pair once.
 */
export async function expectStoredAndFoldedOnce(
  env: ClientEnv,
  model: string,
  expected: { predictions: number; outcomes: number },
): Promise<void> {
  for (const fault of ['shed', 'limited', 'droppedBefore', 'droppedAfter'] as const) {
    expect(env.proxy.counts[fault], fault).toBeGreaterThan(1);
  }
  const { pool } = env.db;
  await eventually(
    async () =>
      (await countRows(pool, 'ingest_batches WHERE model_id = $1 AND folded_at IS NULL', [model])) === 0
        ? true
        : undefined,
    120_000,
    200,
  );
  expect(await countRows(pool, 'predictions WHERE model_id = $1', [model])).toBe(expected.predictions);
  expect(await countRows(pool, 'outcomes WHERE model_id = $1', [model])).toBe(expected.outcomes);
  const hour = 3_600_000;
  const window = await env.t.container.tiles.loadWindow(
    model,
    new Date(Date.now() - 2 * hour),
    new Date(Date.now() + hour),
  );
  expect(window.traffic.events).toBe(expected.predictions);
  expect(window.traffic.performance.labelled).toBe(expected.outcomes);
}
