import { beforeAll, describe, expect, it } from 'vitest';
import {
  creditEvents,
  foldEnv,
  hourStart,
  MINUTE,
  numericFeature,
  spread,
  type FoldEnv,
} from '../../helpers/fold-env.js';

// Hot tiles: many batches of one model folding into the same minute at once, with compaction
// running beside them, must add up to exactly the events posted (counted here).

let env: FoldEnv;

beforeAll(async () => {
  env = await foldEnv();
});

describe('concurrent folds into one bucket', () => {
  it('give exact totals, one tile row per key once compacted', async () => {
    const minute = hourStart(1) + 13 * MINUTE;
    const batches = Array.from({ length: 30 }, (_, b) =>
      creditEvents(`hot${b}`, spread(minute + 100, MINUTE - 200, 50), b + 1),
    );
    const batchIds = (
      await Promise.all(batches.map((events) => env.post('credit', 'predictions', events)))
    ).flat();
    const { folds, tileTasks } = env.t.container;

    let folding = true;
    const compacting = (async () => {
      let compacted = 0;
      while (folding) compacted += (await tileTasks.compactAll()).contributions;
      return compacted;
    })();
    const results = await Promise.all(
      batchIds.map((batchId) => folds.foldBatch({ batchId, modelId: 'credit', kind: 'predictions' })),
    );
    folding = false;
    const compactedWhileFolding = await compacting;
    await tileTasks.compactAll();

    expect(results.every((r) => r.status === 'folded')).toBe(true);
    const events = batches.flat();
    const window = await env.t.container.tiles.loadWindow(
      'credit',
      new Date(minute),
      new Date(minute + MINUTE),
    );
    expect(window.traffic.events).toBe(events.length);
    expect(window.read.merged.contributions).toBe(0);
    const age = numericFeature(window, 'age');
    expect(age.count).toBe(events.length);
    const ageSum = events.reduce((sum, e) => sum + e.features.age, 0);
    expect(age.sum).toBe(ageSum); // small integers: the float sum is exact
    expect(window.traffic.score!.count).toBe(events.length);

    const keysPerTile = await env.rows<{ key: string; rows: number }>(
      `SELECT key, count(*)::int AS rows FROM tiles WHERE model_id = 'credit' AND bucket = $1 GROUP BY key`,
      [new Date(minute)],
    );
    expect(keysPerTile.length).toBeGreaterThan(0);
    expect(keysPerTile.every((k) => k.rows === 1)).toBe(true);
    // Not a requirement, but the test means little if compaction never overlapped a fold.
    expect(compactedWhileFolding).toBeGreaterThan(0);
  });
});
