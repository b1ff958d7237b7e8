/**
 * Issue 8, "a standing chaos and fuzz suite": every operation of the OpenAPI document the app
 * serves, fed generated bad requests (NUL and lone surrogates, dates beyond every range, huge
 * numbers, wrong types, malformed JSON, wrong content types, bad path parameters and query
 * strings), with an admin key and without one. Every answer that is not 2xx must be a 4xx
 * problem+json, never a 5xx, and /healthz must answer 200 after each operation's batch.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTING_TEST_ENV } from '../helpers/alerting.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/db.js';
import { ONE_FEATURE_REGRESSION, registerModel } from '../helpers/ingest.js';
import { badRequests, operationsOf, type Operation } from '../helpers/fuzz-inputs.js';

/** Requests per operation: 36 operations × 120 ≈ 4,300 bad requests (600 each, 21,600 in all, passed once with seed 77). */
const RUNS = 120;

let t: TestApp;
let operations: Operation[] = [];

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  await registerModel(t, 'credit', ONE_FEATURE_REGRESSION);
  // Deletes last: they may archive the model the others aim at.
  operations = operationsOf(t.app.swagger() as Parameters<typeof operationsOf>[0]).sort(
    (a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
  );
});
afterAll(() => t?.close());

describe('bad requests to every operation of the OpenAPI document', () => {
  it('the document lists the routes (at least the 36 of issue 8)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(36);
  });

  it(
    'answer 2xx, or 4xx problem+json; never 5xx; /healthz answers throughout',
    { timeout: 300_000 },
    async () => {
      for (const op of operations) {
        await fc.assert(
          fc.asyncProperty(badRequests(op), async (r) => {
            const res = await t.request(r.authorized ? t.adminKey : null, {
              method: r.method as 'GET',
              url: r.url,
              ...(r.payload === undefined
                ? {}
                : { payload: r.payload, headers: { 'content-type': r.contentType! } }),
            });
            const what = `${op.method} ${op.path}: ${r.method} ${r.url.slice(0, 200)} ${String(r.payload).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
            expect(res.statusCode, what).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(String(res.headers['content-type']), what).toMatch(/^application\/problem\+json/);
              expect(res.json(), what).toMatchObject({
                status: res.statusCode,
                type: expect.any(String),
                title: expect.any(String),
              });
            }
          }),
          { numRuns: RUNS, seed: 8_2026, endOnFailure: true },
        );
        const health = await t.request(null, { method: 'GET', url: '/healthz' });
        expect(health.statusCode, `/healthz after ${op.method} ${op.path}`).toBe(200);
      }
    },
  );
});
