import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../src/lib/db.js';
import { startWorker } from '../../../src/main-worker.js';
import { createFoldService } from '../../../src/modules/tiles/fold.service.js';
import { foldStore } from '../../../src/modules/tiles/fold.store.js';
import { createApiKey } from '../../helpers/api-keys.js';
import { eventually } from '../../helpers/eventually.js';
import { CREDIT, creditEvents, foldEnv, hourStart, MINUTE, type FoldEnv } from '../../helpers/fold-env.js';
import { expectProblem } from '../../helpers/problem.js';

// Issue 12 item 1: model versions are recorded as they are first seen in traffic, by the fold, with
// the event times of their first and last predictions and how many were stored. Every expected
// value below is computed by hand from the events posted.

const SECOND = 1_000;
const base = hourStart(2) + 5 * MINUTE;
const at = (seconds: number) => new Date(base + seconds * SECOND).toISOString();

interface VersionPage {
  items: { version: string; firstSeen: string; lastSeen: string; predictions: number; live: boolean }[];
  nextCursor: string | null;
}

let env: FoldEnv;
let stopWorker: (() => Promise<void>) | null = null;

beforeAll(async () => {
  env = await foldEnv({ models: { credit: CREDIT, other: CREDIT }, env: { METRICS_PORT: '0' } });
});
afterAll(async () => {
  await stopWorker?.();
});

/** Credit events at `base + seconds`, each with the version given (null: none). */
function events(prefix: string, seen: [version: string | null, seconds: number][]) {
  return creditEvents(
    prefix,
    seen.map(([, seconds]) => base + seconds * SECOND),
  ).map((event, i) => {
    const version = seen[i]![0];
    return version === null ? event : { ...event, modelVersion: version };
  });
}

async function versions(query = '', key = env.t.adminKey) {
  return env.t.request(key, { method: 'GET', url: `/v1/models/credit/versions${query}` });
}

async function listed(): Promise<VersionPage['items']> {
  const res = await versions();
  expect(res.statusCode, res.body).toBe(200);
  return res.json<VersionPage>().items;
}

async function unfolded(): Promise<number> {
  const [row] = await env.rows<{ n: number }>(
    'SELECT count(*)::int AS n FROM ingest_batches WHERE folded_at IS NULL',
  );
  return row!.n;
}

const firstBatch = events('first', [
  ['1.0.0', 10],
  ['1.0.0', 130],
  ['2.0.0', 200],
  ['1.0.0', 70],
  [null, 900],
  ['2.0.0', 50],
]);
const secondBatch = events('second', [
  ['1.0.0', -60],
  ['2.0.0', 500],
  ['1.0.0', 100],
]);
// After both: 1.0.0 from -60 s to 130 s, 5 predictions; 2.0.0 from 50 s to 500 s, 3 predictions.
const EXPECTED = [
  { version: '2.0.0', firstSeen: at(50), lastSeen: at(500), predictions: 3, live: false },
  { version: '1.0.0', firstSeen: at(-60), lastSeen: at(130), predictions: 5, live: false },
];

describe('versions seen in traffic', () => {
  it('are recorded by the fold worker with their first and last event times and counts', async () => {
    await env.post('credit', 'predictions', firstBatch);
    await env.post('credit', 'predictions', secondBatch);
    // A duplicate of an id already stored, later than anything else: not stored, so not counted.
    const duplicate = { ...firstBatch[0]!, timestamp: base + 3_000 * SECOND };
    const res = await env.t.request(env.t.adminKey, {
      method: 'POST',
      url: '/v1/models/credit/predictions',
      payload: { events: [duplicate] },
    });
    expect(res.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await listed()).toEqual([]); // nothing until the worker folds

    const { steps } = await startWorker(env.t.container);
    stopWorker = async () => {
      for (const step of steps) await step.run();
    };
    await eventually(async () => ((await unfolded()) === 0 ? true : undefined));
    expect(await listed()).toEqual(EXPECTED);
  });

  it('counts a batch once when its job is delivered again or it is folded again', async () => {
    const batches = await env.rows<{ id: number }>(
      "SELECT id::int FROM ingest_batches WHERE model_id = 'credit' AND kind = 'predictions' ORDER BY id",
    );
    expect(batches.length).toBe(3);
    const queue = env.t.container.queues.get('fold');
    const jobs = await Promise.all(
      batches.map(({ id }) =>
        queue.add('fold', { batchId: id, modelId: 'credit', kind: 'predictions' }, { jobId: `again-${id}` }),
      ),
    );
    const results = await eventually(async () => {
      const states = await Promise.all(jobs.map((job) => job.getState()));
      if (!states.every((s) => s === 'completed')) return undefined;
      return Promise.all(jobs.map(async (job) => (await queue.getJob(job.id!))!.returnvalue));
    });
    expect(results.map((r: { status: string }) => r.status)).toEqual(batches.map(() => 'already_folded'));
    const request = { batchId: batches[1]!.id, modelId: 'credit', kind: 'predictions' as const };
    expect((await env.t.container.folds.foldBatch(request)).status).toBe('already_folded');
    expect(await listed()).toEqual(EXPECTED);
  });

  it('counts a batch once when its fold dies before the commit and is retried', async () => {
    await stopWorker?.();
    stopWorker = null;
    const [batchId] = await env.post(
      'credit',
      'predictions',
      events('dies', [
        ['3.0.0', 600],
        ['1.0.0', 140],
      ]),
    );
    const broken = createFoldService({
      transaction: (fn) => withTransaction(env.db.pool, fn),
      store: {
        ...foldStore,
        markFolded: () => Promise.reject(new Error('worker died')),
      },
      tileSeconds: 60,
    });
    const request = { batchId: batchId!, modelId: 'credit', kind: 'predictions' as const };
    await expect(broken.foldBatch(request)).rejects.toThrow('worker died');
    expect(await listed()).toEqual(EXPECTED);

    expect((await env.t.container.folds.foldBatch(request)).status).toBe('folded');
    expect(await listed()).toEqual([
      { version: '3.0.0', firstSeen: at(600), lastSeen: at(600), predictions: 1, live: false },
      EXPECTED[0],
      { ...EXPECTED[1], lastSeen: at(140), predictions: 6 },
    ]);
  });

  it('pages newest first, and refuses a cursor it did not give', async () => {
    const all = await listed();
    const first = (await versions('?limit=2')).json<VersionPage>();
    expect(first.items).toEqual(all.slice(0, 2));
    const rest = (await versions(`?limit=2&cursor=${first.nextCursor}`)).json<VersionPage>();
    expect(rest).toEqual({ items: all.slice(2), nextCursor: null });
    expect(all.map((v) => v.version)).toEqual(['3.0.0', '2.0.0', '1.0.0']);

    const bad = Buffer.from(JSON.stringify({ after: 'not a time' })).toString('base64url');
    expect(expectProblem(await versions(`?cursor=${bad}`), 400).errors).toEqual([
      expect.objectContaining({ pointer: '/cursor' }),
    ]);
  });
});

describe('live versions', () => {
  it('are those seen within the status window ending now', async () => {
    const now = Date.now();
    const recent = creditEvents('live', [now - 30 * SECOND, hourStart(2)]).map((e, i) => ({
      ...e,
      modelVersion: i === 0 ? 'canary' : 'stable',
    }));
    const batchIds = await env.post('other', 'predictions', recent);
    // Folded here, whether or not the worker got there first (a second fold adds nothing).
    await env.fold('other', 'predictions', batchIds);
    const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/other/versions' });
    expect(res.json<VersionPage>().items.map((v) => [v.version, v.live])).toEqual([
      ['canary', true],
      ['stable', false],
    ]);
  });
});

describe('who may read them', () => {
  it('answers 404 for a model that does not exist, and for a key limited to other models', async () => {
    const missing = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/nope/versions' });
    expect(expectProblem(missing, 404).detail).toBe('Model "nope" not found.');

    const otherOnly = await createApiKey(env.t, { scopes: ['read'], models: ['other'] });
    const hidden = expectProblem(await versions('', otherOnly.key), 404);
    expect(hidden.detail).toBe('Model "credit" not found.');
    const creditOnly = await createApiKey(env.t, { scopes: ['read'], models: ['credit'] });
    expect((await versions('', creditOnly.key)).statusCode).toBe(200);
  });

  it('keeps them readable once the model is archived, like its audit log', async () => {
    const before = await listed();
    const res = await env.t.request(env.t.adminKey, { method: 'DELETE', url: '/v1/models/credit' });
    expect(res.statusCode).toBe(204);
    expect(await listed()).toEqual(before);
  });
});
