import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { QueryResultRow } from 'pg';
import { createApiKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import {
  archiveModel,
  countRows,
  ndjson,
  predictionEvent,
  redisReady,
  registerModel,
} from '../../helpers/ingest.js';
import { expectProblem } from '../../helpers/problem.js';

// Expected counts follow from the batches each test sends; nothing here is a computed statistic.

const MAX_BATCH_EVENTS = 20;
const BODY_LIMIT = 64 * 1024;

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: { MAX_BATCH_EVENTS: String(MAX_BATCH_EVENTS), BODY_LIMIT: String(BODY_LIMIT) },
  });
  await registerModel(t, 'credit');
  await registerModel(t, 'old-model');
  await archiveModel(t, 'old-model');
  await registerModel(t, 'species', {
    name: 'Species',
    task: 'multiclass_classification',
    classes: ['cat', 'dog'],
    features: [{ name: 'weight', type: 'numerical' }],
  });
  await redisReady(t.container.redis);
});

afterAll(async () => {
  await t?.close();
});

function post(
  kind: 'predictions' | 'outcomes',
  payload: string | Buffer | object,
  headers: Record<string, string> = {},
  model = 'credit',
  key: string | null = t.adminKey,
) {
  return t.request(key, {
    method: 'POST',
    url: `/v1/models/${model}/${kind}`,
    headers,
    payload: payload as string,
  });
}

const count = (from: string, params: unknown[] = []) => countRows(db.pool, from, params);

async function queryRows<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

/** Tails of an event that poison an object's prototype if parsed naively (features and segments are objects). */
const POISONS = [
  ',"features":{"age":1,"__proto__":{"isAdmin":true}}',
  ',"segments":{"__proto__":"x"}',
  ',"segments":{"\\u005f_proto__":"x"}',
  ',"features":{"age":1,"constructor":{"prototype":{"isAdmin":true}}}',
];

describe('POST /v1/models/{modelId}/predictions', () => {
  it('stores a duplicate predictionId once and reports it, within a batch and across batches', async () => {
    const first = await post('predictions', { events: [predictionEvent('dup-1'), predictionEvent('dup-1')] });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] });
    const again = await post('predictions', { events: [predictionEvent('dup-1'), predictionEvent('dup-2')] });
    expect(again.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await count("predictions WHERE prediction_id LIKE 'dup-%'")).toBe(2);
    expect(await count("prediction_ids WHERE prediction_id LIKE 'dup-%'")).toBe(2);
    const [batch] = await queryRows(
      'SELECT accepted, duplicates, rejected FROM ingest_batches WHERE id = $1',
      [again.json().batchIds[0]],
    );
    expect(batch).toEqual({ accepted: 1, duplicates: 1, rejected: 0 });
  });

  it('stores exactly the valid events of a mixed batch and names each invalid field by pointer', async () => {
    const res = await post('predictions', {
      events: [
        predictionEvent('mix-0'),
        predictionEvent('mix-1', { features: { age: 'old', income: 10 } }),
        predictionEvent('mix-2'),
        predictionEvent('mix-3', { score: 2, timestamp: Date.now() + 3_600_000 }),
        'not an event',
      ],
    });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([
      { index: 1, errors: [{ pointer: '/events/1/features/age', message: 'must be a finite number' }] },
      {
        index: 3,
        errors: [
          {
            pointer: '/events/3/timestamp',
            message: expect.stringMatching(/more than 5 minutes in the future/),
          },
          { pointer: '/events/3/score', message: 'must be a number from 0 to 1' },
        ],
      },
      { index: 4, errors: [{ pointer: '/events/4', message: 'must be an object' }] },
    ]);
    const stored = await queryRows<{ prediction_id: string }>(
      "SELECT prediction_id FROM predictions WHERE prediction_id LIKE 'mix-%' ORDER BY 1",
    );
    expect(stored.map((r) => r.prediction_id)).toEqual(['mix-0', 'mix-2']);
  });

  it('stores text with tabs, newlines, backslashes and quotes exactly as sent', async () => {
    const id = 'esc\t1\\2\n3\r4';
    const features = { income: 1, country: 'a\\b"c\nd\te' };
    const res = await post('predictions', {
      events: [predictionEvent(id, { features, modelVersion: 'v\\1\t', segments: { 'k\\': 'v"\n' } })],
    });
    expect(res.json()).toMatchObject({ accepted: 1, rejected: [] });
    const [row] = await queryRows<{
      prediction_id: string;
      model_version: string;
      features: unknown;
      segments: unknown;
    }>('SELECT prediction_id, model_version, features, segments FROM predictions WHERE prediction_id = $1', [
      id,
    ]);
    expect(row).toEqual({
      prediction_id: id,
      model_version: 'v\\1\t',
      features,
      segments: { 'k\\': 'v"\n' },
    });
  });

  it('rejects strings Postgres cannot store as invalid events, never a 500', async () => {
    const res = await post('predictions', {
      events: [
        predictionEvent('nul-0', { features: { income: 1, country: 'N\u0000L' } }),
        predictionEvent('nul-1'),
      ],
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 0, errors: [{ pointer: '/events/0/features/country' }] }],
    });
  });

  it('rejects a timestamp beyond the range of dates as an invalid event, never a 500 (issue 8, finding 5)', async () => {
    // Before: new Date(1e20).toISOString() threw while the message was written, failing the batch.
    const timestamps = [1e20, -1e20, 8.64e15 + 1, Number.MAX_VALUE];
    const res = await post('predictions', {
      events: [
        ...timestamps.map((timestamp, i) => predictionEvent(`far-${i}`, { timestamp })),
        predictionEvent('near-0'),
      ],
    });
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json<{
      accepted: number;
      rejected: { index: number; errors: { pointer: string; message: string }[] }[];
    }>();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.errors[0]!.pointer)).toEqual(
      timestamps.map((_, i) => `/events/${i}/timestamp`),
    );
    for (const r of body.rejected) expect(r.errors[0]!.message).toMatch(/future|older/);
  });

  it('accepts NDJSON, reporting rejected lines by their 0-based index', async () => {
    const body = ndjson([predictionEvent('nd-0'), predictionEvent('nd-1', { prediction: null })]) + '\n';
    const res = await post('predictions', body, { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 1, errors: [{ pointer: '/events/1/prediction' }] }],
    });
  });

  it('commits an NDJSON body larger than MAX_BATCH_EVENTS as several batches in one reply', async () => {
    const events = Array.from({ length: 45 }, (_, i) => predictionEvent(`big-${i}`));
    const res = await post('predictions', ndjson(events), { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode).toBe(202);
    const { accepted, batchIds } = res.json();
    expect(accepted).toBe(45);
    expect(batchIds).toHaveLength(3);
    const rows = await queryRows<{ accepted: number }>(
      'SELECT accepted FROM ingest_batches WHERE id = ANY($1) ORDER BY id',
      [batchIds],
    );
    expect(rows.map((r) => r.accepted)).toEqual([20, 20, 5]);
    for (const id of batchIds) {
      const job = await t.container.queues.get('fold').getJob(`batch-${id}`);
      expect(job?.data).toEqual({ batchId: id, modelId: 'credit', kind: 'predictions' });
    }
  });

  it('stores nothing again for batches made only of stored ids, alone or among new batches of one NDJSON body', async () => {
    // The store asks Postgres for the fresh ids only when some are not fresh: "none" must not read as "all".
    const ids = Array.from({ length: 45 }, (_, i) => `again-${String(i).padStart(2, '0')}`);
    const first = await post('predictions', { events: ids.slice(0, 20).map((id) => predictionEvent(id)) });
    expect(first.json()).toMatchObject({ accepted: 20, duplicates: 0 });
    const repeat = await post('predictions', { events: ids.slice(0, 20).map((id) => predictionEvent(id)) });
    expect(repeat.json()).toMatchObject({ accepted: 0, duplicates: 20 });
    const mixed = await post('predictions', ndjson(ids.map((id) => predictionEvent(id))), {
      'content-type': 'application/x-ndjson',
    });
    expect(mixed.json()).toMatchObject({ accepted: 25, duplicates: 20 });
    expect(await count("predictions WHERE prediction_id LIKE 'again-%'")).toBe(45);
    const rows = await queryRows<{ accepted: number; duplicates: number }>(
      'SELECT accepted, duplicates FROM ingest_batches WHERE id = ANY($1) ORDER BY id',
      [[...repeat.json().batchIds, ...mixed.json().batchIds]],
    );
    expect(rows).toEqual([
      { accepted: 0, duplicates: 20 },
      { accepted: 0, duplicates: 20 },
      { accepted: 20, duplicates: 0 },
      { accepted: 5, duplicates: 0 },
    ]);
  });

  it('accepts gzip-encoded JSON and NDJSON', async () => {
    const json = gzipSync(JSON.stringify({ events: [predictionEvent('gz-0')] }));
    const a = await post('predictions', json, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    const lines = gzipSync(ndjson([predictionEvent('gz-1'), predictionEvent('gz-2')]));
    const b = await post('predictions', lines, {
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(await count("predictions WHERE prediction_id LIKE 'gz-%'")).toBe(3);
  });

  it('creates the day partitions that past events fall in', async () => {
    const day = Date.now() - 30 * 86_400_000;
    const res = await post('predictions', { events: [predictionEvent('past-0', { timestamp: day })] });
    expect(res.json().accepted).toBe(1);
    const name = `predictions_${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect(await count('pg_class WHERE relname = $1', [name])).toBe(1);
  });

  it('counts accepted, duplicate and rejected events in /metrics by model and kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(
      /modelwatch_ingest_events_total\{model="credit",kind="predictions",outcome="duplicate",role="api"\} [1-9]/,
    );
    expect(res.body).toMatch(/outcome="rejected",role="api"\} [1-9]/);
  });
});

describe('requests that cannot be read store nothing', () => {
  async function expectNothingStored(send: () => Promise<LightMyRequestResponse>, status: number) {
    const before = await count('ingest_batches');
    const predictions = await count('predictions');
    const problem = expectProblem(await send(), status);
    expect(await count('ingest_batches')).toBe(before);
    expect(await count('predictions')).toBe(predictions);
    return problem;
  }

  it('malformed JSON → 400', async () => {
    await expectNothingStored(
      () => post('predictions', '{"events": [', { 'content-type': 'application/json' }),
      400,
    );
  });

  it('a JSON body with a __proto__ or constructor.prototype key anywhere → 400 (the parse stays protected)', async () => {
    // Fastify's parser refuses these (onProtoPoisoning / onConstructorPoisoning: 'error'); a faster
    // parser must not drop that, since features and segments are stored and read back as objects.
    const event = JSON.stringify(predictionEvent('poison-0')).slice(0, -1);
    for (const extra of POISONS) {
      const body = `{"events":[${event}${extra}}]}`;
      expect(() => JSON.parse(body), extra).not.toThrow();
      await expectNothingStored(() => post('predictions', body, { 'content-type': 'application/json' }), 400);
    }
    expect(await count("predictions WHERE prediction_id = 'poison-0'")).toBe(0);
  });

  it('an NDJSON line with a __proto__ or constructor.prototype key → 400 naming the line, as a JSON body', async () => {
    const valid = ndjson([predictionEvent('poison-nd-0')]);
    const event = JSON.stringify(predictionEvent('poison-nd-1')).slice(0, -1);
    for (const extra of POISONS) {
      const body = `${valid}${event}${extra}}\n`;
      const problem = await expectNothingStored(
        () => post('predictions', body, { 'content-type': 'application/x-ndjson' }),
        400,
      );
      expect(problem.detail, extra).toMatch(/Line 2 \(index 1\)/);
    }
    expect(await count("predictions WHERE prediction_id LIKE 'poison-nd-%'")).toBe(0);
  });

  it('a JSON body that is not { events: [...] } → 400 pointing at /events', async () => {
    const problem = await expectNothingStored(() => post('predictions', { items: [] }), 400);
    expect(problem.errors).toEqual([
      { pointer: '/events', message: 'must be an array of events', location: 'body' },
    ]);
  });

  it('an NDJSON line that is not JSON → 400 naming the line, even after valid lines', async () => {
    const body = ndjson([predictionEvent('bad-nd-0')]) + '{"predictionId": \n';
    const problem = await expectNothingStored(
      () => post('predictions', body, { 'content-type': 'application/x-ndjson' }),
      400,
    );
    expect(problem.detail).toMatch(/Line 2 \(index 1\) is not valid JSON/);
  });

  it('wrong content type → 415', async () => {
    await expectNothingStored(() => post('predictions', 'a,b\n1,2', { 'content-type': 'text/csv' }), 415);
    await expectNothingStored(() => post('predictions', 'hello', { 'content-type': 'text/plain' }), 415);
  });

  it('an unsupported Content-Encoding → 415', async () => {
    const body = JSON.stringify({ events: [] });
    await expectNothingStored(
      () => post('predictions', body, { 'content-type': 'application/json', 'content-encoding': 'br' }),
      415,
    );
  });

  it('a body over BODY_LIMIT → 413, plain, NDJSON or gzip bomb', async () => {
    const big = JSON.stringify({ events: [predictionEvent('x', { modelVersion: 'v'.repeat(BODY_LIMIT) })] });
    await expectNothingStored(() => post('predictions', big, { 'content-type': 'application/json' }), 413);
    const lines = ndjson(Array.from({ length: 600 }, (_, i) => predictionEvent(`limit-${i}`)));
    expect(lines.length).toBeGreaterThan(BODY_LIMIT);
    await expectNothingStored(
      () => post('predictions', lines, { 'content-type': 'application/x-ndjson' }),
      413,
    );
    // Streamed without Content-Length: the line reader counts the bytes itself.
    const streamed = () => Readable.from([lines.slice(0, 30_000), lines.slice(30_000)]);
    const problem = await expectNothingStored(
      () => post('predictions', streamed() as never, { 'content-type': 'application/x-ndjson' }),
      413,
    );
    expect(problem.detail).toMatch(/NDJSON body exceeds/);
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(BODY_LIMIT);
    for (const type of ['application/json', 'application/x-ndjson']) {
      await expectNothingStored(
        () => post('predictions', bomb, { 'content-type': type, 'content-encoding': 'gzip' }),
        413,
      );
    }
  });

  it('a corrupt gzip body → 400', async () => {
    await expectNothingStored(
      () =>
        post('predictions', 'not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      400,
    );
  });

  it('more than MAX_BATCH_EVENTS JSON events → 413 saying to split or use NDJSON', async () => {
    const events = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => predictionEvent(`over-${i}`));
    const problem = await expectNothingStored(() => post('predictions', { events }), 413);
    expect(problem.detail).toMatch(/at most 20\. Split it, or send NDJSON/);
  });

  it('unknown or archived model → 404', async () => {
    const events = { events: [predictionEvent('nowhere')] };
    await expectNothingStored(() => post('predictions', events, {}, 'no-such-model'), 404);
    await expectNothingStored(() => post('predictions', events, {}, 'old-model'), 404);
    await expectNothingStored(
      () =>
        post(
          'outcomes',
          ndjson([{ predictionId: 'a', actual: 1 }]),
          { 'content-type': 'application/x-ndjson' },
          'nope',
        ),
      404,
    );
  });

  it('no API key → 401; a key without ingest → 403; a key for another model → 404', async () => {
    const events = { events: [predictionEvent('anon')] };
    expectProblem(await post('predictions', events, {}, 'credit', null), 401);
    const reader = await createApiKey(t, { scopes: ['read'] });
    expectProblem(await post('predictions', events, {}, 'credit', reader.key), 403);
    const otherTeam = await createApiKey(t, { scopes: ['ingest'], models: ['species'] });
    expectProblem(await post('predictions', events, {}, 'credit', otherTeam.key), 404);
    expect(await count("predictions WHERE prediction_id = 'anon'")).toBe(0);
    // The same key may ingest for its own model.
    const own = await post(
      'outcomes',
      { events: [{ predictionId: 'own', actual: 'cat' }] },
      {},
      'species',
      otherTeam.key,
    );
    expect(own.statusCode).toBe(202);
  });
});

describe('POST /v1/models/{modelId}/outcomes', () => {
  it('stores an outcome that arrives before its prediction, and one that arrives after, each once', async () => {
    const early = await post('outcomes', { events: [{ predictionId: 'o-early', actual: 1 }] });
    expect(early.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    await post('predictions', { events: [predictionEvent('o-early'), predictionEvent('o-late')] });
    const late = await post('outcomes', {
      events: [
        { predictionId: 'o-late', actual: 0, timestamp: new Date().toISOString() },
        { predictionId: 'o-early', actual: 0 },
      ],
    });
    expect(late.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    const rows = await queryRows<{ prediction_id: string; actual: unknown }>(
      "SELECT prediction_id, actual FROM outcomes WHERE prediction_id LIKE 'o-%' ORDER BY 1",
    );
    // The first outcome wins: o-early keeps actual 1.
    expect(rows).toEqual([
      { prediction_id: 'o-early', actual: 1 },
      { prediction_id: 'o-late', actual: 0 },
    ]);
  });

  it('checks outcomes against the model: a multiclass actual must be one of its classes', async () => {
    const res = await post(
      'outcomes',
      {
        events: [
          { predictionId: 's-1', actual: 'dog' },
          { predictionId: 's-2', actual: 'cow' },
        ],
      },
      {},
      'species',
    );
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 1, errors: [{ pointer: '/events/1/actual' }] }],
    });
  });

  it('enqueues one fold job per batch, with the job id batch-<id>', async () => {
    const res = await post('outcomes', { events: [{ predictionId: 'o-job', actual: 1 }] });
    const [batchId] = res.json().batchIds as number[];
    const job = await t.container.queues.get('fold').getJob(`batch-${batchId}`);
    expect(job?.data).toEqual({ batchId, modelId: 'credit', kind: 'outcomes' });
  });
});
