import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { countRows, predictionEvent, registerModel } from '../../helpers/ingest.js';
import { expectProblem } from '../../helpers/problem.js';

// Issue 8 finding 2: a reply's lists grew with the request (1M NDJSON lines of `{}`, 2.9 MiB, made
// a 378 MiB reply). Every list a reply holds is capped; the counts stay exact.

const LISTED = 100;
const MAX_BATCH_EVENTS = 500;

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: { MAX_BATCH_EVENTS: String(MAX_BATCH_EVENTS) } });
  await registerModel(t, 'credit');
});

afterAll(async () => {
  await t?.close();
});

interface IngestReply {
  accepted: number;
  rejectedCount: number;
  rejected: { index: number; errors: { pointer: string; message: string }[] }[];
  batchIds: number[];
}

const post = (payload: string, contentType: string) =>
  t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/models/credit/predictions',
    headers: { 'content-type': contentType },
    payload,
  });

describe('bounded replies', () => {
  it('lists the first 100 rejected NDJSON lines and counts all of them', async () => {
    const lines = 20_000;
    const body = `${JSON.stringify(predictionEvent('nd-ok'))}\n${'{}\n'.repeat(lines)}`;
    const res = await post(body, 'application/x-ndjson');
    expect(res.statusCode, res.body.slice(0, 500)).toBe(202);
    // Before the cap this reply was about 7 MB: 20,000 items of five errors each.
    expect(res.body.length).toBeLessThan(64 * 1024);
    const reply = res.json<IngestReply>();
    expect(reply.accepted).toBe(1);
    expect(reply.rejectedCount).toBe(lines);
    expect(reply.rejected).toHaveLength(LISTED);
    expect(reply.rejected.map((r) => r.index)).toEqual(Array.from({ length: LISTED }, (_, i) => i + 1));
    expect(reply.rejected[0]!.errors[0]!.pointer).toMatch(/^\/events\/1\//);
    // The batch row, and so data quality, counts every rejected event, not only the listed ones.
    const { rows } = await db.pool.query<{ rejected: number }>(
      'SELECT sum(rejected)::int AS rejected FROM ingest_batches WHERE id = ANY($1)',
      [reply.batchIds],
    );
    expect(rows[0]!.rejected).toBe(lines);
  });

  it('does the same for a JSON batch', async () => {
    const events = [predictionEvent('js-ok'), ...Array.from({ length: MAX_BATCH_EVENTS - 1 }, () => ({}))];
    const res = await post(JSON.stringify({ events }), 'application/json');
    expect(res.statusCode).toBe(202);
    const reply = res.json<IngestReply>();
    expect(reply).toMatchObject({ accepted: 1, rejectedCount: MAX_BATCH_EVENTS - 1 });
    expect(reply.rejected).toHaveLength(LISTED);
    expect(await countRows(db.pool, "predictions WHERE prediction_id = 'js-ok'")).toBe(1);
  });

  it('lists a bounded number of errors for one event with thousands of unknown fields', async () => {
    const junk = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`f${i}`, i]));
    const res = await post(
      JSON.stringify({ events: [{ ...predictionEvent('junk'), ...junk }] }),
      'application/json',
    );
    expect(res.statusCode).toBe(202);
    const [item] = res.json<IngestReply>().rejected;
    expect(item!.errors.length).toBeLessThanOrEqual(20);
    expect(item!.errors[0]).toEqual({ pointer: '/events/0/f0', message: 'is not a field of this event' });
  });

  it('names a bounded number of classes when a prediction is not one of them', async () => {
    const classes = Array.from({ length: 1_000 }, (_, i) => `class-${i}-${'x'.repeat(400)}`);
    await registerModel(t, 'many-classes', {
      name: 'Many classes',
      task: 'multiclass_classification',
      classes,
      features: [{ name: 'age', type: 'numerical' }],
    });
    const res = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/models/many-classes/predictions',
      payload: {
        events: [{ predictionId: 'p', timestamp: Date.now(), features: { age: 1 }, prediction: 'none' }],
      },
    });
    expect(res.statusCode).toBe(202);
    const message = res.json<IngestReply>().rejected[0]!.errors[0]!.message;
    // Listing all 1,000 classes made each such error about 400 KB.
    expect(message.length).toBeLessThan(20_000);
    expect(message).toMatch(/and 9\d\d more/);
  });

  it('lists at most 100 invalid fields in a 400 problem, and says how many there were', async () => {
    const tags = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`tag-${i}`, i]));
    const res = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/models/tagged',
      payload: { name: 'Tagged', task: 'regression', features: [{ name: 'x', type: 'numerical' }], tags },
    });
    const problem = expectProblem(res, 400);
    expect(problem.errors!.length).toBeLessThanOrEqual(LISTED);
    expect(problem.detail).toMatch(/5,?000/);
    expect(res.body.length).toBeLessThan(64 * 1024);
  });

  it('pages the API key list, at most 500 a page', async () => {
    for (let i = 0; i < 3; i++) await createApiKey(t, { scopes: ['read'], name: `paged ${i}` });
    const list = (query: string) => t.request(t.adminKey, { method: 'GET', url: `/v1/api-keys${query}` });
    const first = await list('?limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const one = first.json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(one.items).toHaveLength(2);
    const second = await list(`?limit=2&cursor=${one.nextCursor}`);
    const two = second.json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(two.items).toHaveLength(1);
    expect(two.nextCursor).toBeNull();
    expect(new Set([...one.items, ...two.items].map((k) => k.id)).size).toBe(3);
    expectProblem(await list('?limit=501'), 400);
  });
});
