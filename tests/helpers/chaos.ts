import { setTimeout } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Pool } from '../../src/lib/db.js';
import type { TestApp } from './app.js';
import type { ModelwatchProcess } from './modelwatch-process.js';
import { eventually } from './eventually.js';
import { predictionEvent } from './ingest.js';

/**
 * The API's settings in the chaos suite: its producers post far more than a key's default rate
 * limit allows, and an unexpected 500 prints the error behind it (nothing else is logged).
 */
export const CHAOS_APP_ENV = { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'error' };

/**
 * The chaos suite's client and its bookkeeping (tests/chaos): a client that keeps sending what
 * was refused, as a well-behaved producer does, and the exact counts every chaos test ends with.
 */

export interface IngestClient {
  /** Posts one batch of `size` new events, again and again while it is answered 503, until 202. */
  postBatch(size: number): Promise<void>;
  /** Distinct prediction ids sent. */
  sent(): number;
  /** Summed over every 202: events accepted, and events reported as duplicates. */
  accepted(): number;
  duplicates(): number;
  /** Every reply that was not a 202, in order. */
  refusals: LightMyRequestResponse[];
}

export function ingestClient(t: TestApp, modelId: string, idPrefix: string): IngestClient {
  let next = 0;
  let accepted = 0;
  let duplicates = 0;
  const refusals: LightMyRequestResponse[] = [];
  return {
    async postBatch(size) {
      const events = Array.from({ length: size }, () => predictionEvent(`${idPrefix}-${next++}`));
      for (;;) {
        const res = await t.request(t.adminKey, {
          method: 'POST',
          url: `/v1/models/${modelId}/predictions`,
          payload: { events },
        });
        if (res.statusCode === 202) {
          const body = res.json<{ accepted: number; duplicates: number }>();
          accepted += body.accepted;
          duplicates += body.duplicates;
          return;
        }
        refusals.push(res);
        // Only "unavailable, try again" is retried; anything else fails the test below.
        if (res.statusCode !== 503) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
        // Retry-After is whole seconds; a test retries sooner, to keep the service under load.
        await setTimeout(50);
      }
    },
    sent: () => next,
    accepted: () => accepted,
    duplicates: () => duplicates,
    refusals,
  };
}

/**
 * Keeps `lanes` producers posting batches of `size` until the returned stop() is called, each
 * pausing `paceMs` between batches so that the load stays steady on a shared 2-core machine.
 */
export function keepPosting(
  client: IngestClient,
  lanes: number,
  size: number,
  paceMs = 10,
): () => Promise<void> {
  let running = true;
  const done = Promise.all(
    Array.from({ length: lanes }, async () => {
      while (running) {
        await client.postBatch(size);
        await setTimeout(paceMs);
      }
    }),
  );
  return async () => {
    running = false;
    await done;
  };
}

async function count(pool: Pool, sql: string, params: unknown[]): Promise<number> {
  return (await pool.query<{ n: number }>(sql, params)).rows[0]!.n;
}

/** Waits (polling, up to 30 s) until the worker has folded at least `batches` batches. */
export async function untilFolded(pool: Pool, batches: number): Promise<void> {
  await eventually(async () => {
    const folded = await count(
      pool,
      'SELECT count(*)::int AS n FROM ingest_batches WHERE folded_at IS NOT NULL',
      [],
    );
    return folded >= batches ? true : undefined;
  }, 30_000);
}

/** Events of the model counted in its tiles (and contributions not yet compacted), over all time. */
async function eventsInTiles(t: TestApp, modelId: string): Promise<number> {
  const hour = 3_600_000;
  const { buckets } = await t.container.tiles.eventCounts(
    modelId,
    new Date(Date.now() - 48 * hour),
    new Date(Date.now() + 2 * hour),
  );
  return buckets.reduce((sum, b) => sum + b.events, 0);
}

/**
 * Waits (polling, up to `timeoutMs`) until every batch of the model is folded, then asserts the
 * chaos suite's invariant: every event sent was accepted once (a batch committed but answered 503,
 * then sent again, comes back as duplicates), stored once, and counted once in the tiles.
 */
export async function expectExactCounts(
  t: TestApp,
  pool: Pool,
  modelId: string,
  client: IngestClient,
  timeoutMs = 45_000,
): Promise<void> {
  await eventually(async () => {
    const unfolded = await count(
      pool,
      'SELECT count(*)::int AS n FROM ingest_batches WHERE model_id = $1 AND folded_at IS NULL',
      [modelId],
    );
    return unfolded === 0 ? true : undefined;
  }, timeoutMs);
  const stored = await count(pool, 'SELECT count(*)::int AS n FROM predictions WHERE model_id = $1', [
    modelId,
  ]);
  expect(stored).toBe(client.sent());
  expect(client.accepted() + client.duplicates()).toBe(client.sent());
  expect(await eventsInTiles(t, modelId)).toBe(stored);
}

/** Every refusal the client saw is the API's "try again later": 503, Retry-After, problem+json. */
export function expectOnlyRetryableRefusals(client: IngestClient): void {
  for (const res of client.refusals) {
    expect(res.statusCode, res.body).toBe(503);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }
}

/** Everything the process printed is one JSON log record a line: no stack trace, no library's console output. */
export function expectOnlyJsonOutput(proc: ModelwatchProcess): void {
  const noise = proc.nonJson();
  const sample = noise
    .slice(0, 12)
    .map((l) => `${l.stream}: ${l.text}`)
    .join('\n');
  expect(noise.length, `lines that are not JSON, the first ones:\n${sample}`).toBe(0);
}
