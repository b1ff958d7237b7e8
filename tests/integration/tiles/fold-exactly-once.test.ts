import { UnrecoverableError, type Job } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../src/lib/db.js';
import { createFoldProcessor } from '../../../src/modules/tiles/fold.job.js';
import { createFoldService } from '../../../src/modules/tiles/fold.service.js';
import { foldStore, type FoldStore } from '../../../src/modules/tiles/fold.store.js';
import {
  categoricalFeature,
  creditEvents,
  creditOutcomes,
  foldEnv,
  hourStart,
  MINUTE,
  numericFeature,
  spread,
  type FoldEnv,
} from '../../helpers/fold-env.js';
import { createLogger } from '../../../src/lib/logger.js';

// docs/architecture.md#invariants, invariant 2: folding the same batch twice, or a fold killed half-way and retried,
// never counts an event twice. Expected counts are those of the events posted (computed here).

let env: FoldEnv;
const base = hourStart(3) + 7 * MINUTE;

beforeAll(async () => {
  env = await foldEnv();
});

async function batchState(batchId: number) {
  const [row] = await env.rows<{ folded: boolean; contributions: number; pairs: number }>(
    `SELECT folded_at IS NOT NULL AS folded,
            (SELECT count(*)::int FROM tile_contributions WHERE batch_id = $1) AS contributions,
            (SELECT count(*)::int FROM labelled_pairs WHERE batch_id = $1) AS pairs
     FROM ingest_batches WHERE id = $1`,
    [batchId],
  );
  return row!;
}

/** The window's counts next to the counts of the events themselves. */
async function expectWindowCounts(
  from: number,
  to: number,
  events: ReturnType<typeof creditEvents>,
  labelled: number,
) {
  const window = await env.t.container.tiles.loadWindow('credit', new Date(from), new Date(to));
  expect(window.traffic.events).toBe(events.length);
  expect(numericFeature(window, 'age').count).toBe(events.length);
  const nullIncomes = events.filter((e) => e.features.income === null).length;
  expect(numericFeature(window, 'income')).toMatchObject({
    count: events.length - nullIncomes,
    nulls: nullIncomes,
  });
  const byCountry = new Map<string, number>();
  for (const e of events) byCountry.set(e.features.country, (byCountry.get(e.features.country) ?? 0) + 1);
  expect(new Map(categoricalFeature(window, 'country').entries())).toEqual(byCountry);
  expect(window.traffic.score!.count).toBe(events.length);
  expect(window.traffic.cbpe!.predictions).toBe(events.length);
  expect(window.traffic.performance.labelled).toBe(labelled);
  return window;
}

describe('folding a batch twice', () => {
  it('counts its events once, whether the second fold comes later or at the same time', async () => {
    const events = creditEvents('twice', spread(base, 3 * MINUTE, 300));
    const [batchId] = await env.post('credit', 'predictions', events);
    const folds = env.t.container.folds;
    const request = { batchId: batchId!, modelId: 'credit', kind: 'predictions' as const };

    const results = await Promise.all([folds.foldBatch(request), folds.foldBatch(request)]);
    expect(results.map((r) => r.status).sort()).toEqual(['already_folded', 'folded']);
    const contributions = (await batchState(batchId!)).contributions;
    expect(contributions).toBeGreaterThan(0);

    expect((await folds.foldBatch(request)).status).toBe('already_folded');
    expect((await batchState(batchId!)).contributions).toBe(contributions);
    await expectWindowCounts(base, base + 3 * MINUTE, events, 0);
  });
});

describe('a fold that dies half-way', () => {
  /** A store that does everything but fails just before the batch would be marked folded. */
  function failingStore(kill: 'throw' | 'terminate'): FoldStore {
    return {
      ...foldStore,
      async markFolded(db, batchId) {
        if (kill === 'throw') throw new Error('worker died');
        // The connection dies under the transaction, as when the worker process is killed.
        await db.query('SELECT pg_terminate_backend(pg_backend_pid())');
        return foldStore.markFolded(db, batchId);
      },
    };
  }

  for (const kill of ['throw', 'terminate'] as const) {
    it(`leaves nothing behind (${kill}), and the retry folds the batch exactly once`, async () => {
      const from = base + (kill === 'throw' ? 10 : 20) * MINUTE;
      const events = creditEvents(`dies-${kill}`, spread(from, 2 * MINUTE, 200), 3);
      // Outcomes first, so that the failed fold has claimed pairs to lose.
      const outcomes = creditOutcomes(events.slice(0, 80));
      await env.post('credit', 'outcomes', outcomes);
      const [batchId] = await env.post('credit', 'predictions', events);
      const broken = createFoldService({
        transaction: (fn) => withTransaction(env.db.pool, fn),
        store: failingStore(kill),
        tileSeconds: 60,
      });
      const request = { batchId: batchId!, modelId: 'credit', kind: 'predictions' as const };

      await expect(broken.foldBatch(request)).rejects.toThrow();
      expect(await batchState(batchId!)).toEqual({ folded: false, contributions: 0, pairs: 0 });

      expect((await env.t.container.folds.foldBatch(request)).status).toBe('folded');
      expect(await batchState(batchId!)).toMatchObject({ folded: true, pairs: 80 });
      await expectWindowCounts(from, from + 2 * MINUTE, events, 80);
    });
  }
});

describe('the fold processor', () => {
  const processor = () =>
    createFoldProcessor({
      folds: env.t.container.folds,
      metrics: env.t.container.metrics,
      log: createLogger('silent'),
    });
  const job = (data: unknown) => ({ id: 'batch-x', data }) as Job;

  it('fails for good on a payload that does not parse, an unknown batch, or a batch of another model', async () => {
    const [batchId] = await env.post('credit', 'predictions', creditEvents('payload', [base + 40 * MINUTE]));
    await expect(processor()(job({ batchId: 'x' }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(
      processor()(job({ batchId: 99_999_999, modelId: 'credit', kind: 'predictions' })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor()(job({ batchId, modelId: 'other', kind: 'predictions' }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(processor()(job({ batchId, modelId: 'credit', kind: 'outcomes' }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    expect((await batchState(batchId!)).folded).toBe(false);
  });

  it('folds a valid job and records the fold lag', async () => {
    const [batchId] = await env.post('credit', 'predictions', creditEvents('lag', [base + 41 * MINUTE]));
    const lag = env.t.container.metrics.foldLag;
    const before =
      (await lag.get()).values.find((v) => v.metricName === 'modelwatch_fold_lag_seconds_count')?.value ?? 0;
    const result = await processor()(job({ batchId, modelId: 'credit', kind: 'predictions' }));
    expect(result).toMatchObject({ status: 'folded', events: 1 });
    const after = (await lag.get()).values.find(
      (v) => v.metricName === 'modelwatch_fold_lag_seconds_count',
    )!.value;
    expect(after).toBe(before + 1);
  });
});
