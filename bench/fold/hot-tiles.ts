import { performance } from 'node:perf_hooks';
import type { Pool } from '../../src/lib/db.js';
import type { ModelSpec } from '../../src/domain/model-spec.js';
import type { FoldService } from '../../src/modules/tiles/fold.service.js';
import type { TileMaintenance } from '../../src/modules/tiles/tiles.maintenance.js';
import { readModifyWriteFold } from './read-modify-write.js';

export interface HotTilesBench {
  pool: Pool;
  spec: ModelSpec;
  folds: FoldService;
  tasks: TileMaintenance;
  /** Commits `count` batches of 1,000 events, all in minute `minute` of the bench hour. */
  commit(count: number, minute: number): Promise<number[]>;
}

/** Folds `ids` with `concurrency` at a time; returns the seconds it took. */
export async function runConcurrently(
  ids: number[],
  concurrency: number,
  fold: (id: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) await fold(ids[next++]!);
    }),
  );
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Many batches into one minute of one model, `concurrency` folds at a time, rounds alternating
 * between the two ways of merging: contributions then one compaction, or a read-modify-write of
 * the tile rows per batch. Prints the median events/s of each, and how long a read-modify-write
 * holds the model's lock (which caps one model at 1 / that many batches a second, however many
 * workers there are).
 */
export async function benchHotTiles(b: HotTilesBench, concurrency: number, rounds = 3): Promise<void> {
  const batches = 30;
  const contributions: number[] = [];
  const withCompaction: number[] = [];
  const rmw: number[] = [];
  const held: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = await b.commit(batches, 40 + 2 * round);
    const foldS = await runConcurrently(a, concurrency, (id) =>
      b.folds.foldBatch({ batchId: id, modelId: 'bench', kind: 'predictions' }),
    );
    const t0 = performance.now();
    await b.tasks.compactAll();
    const compactS = (performance.now() - t0) / 1000;
    contributions.push((batches * 1000) / foldS);
    withCompaction.push((batches * 1000) / (foldS + compactS));
    const r = await b.commit(batches, 41 + 2 * round);
    rmw.push(
      (batches * 1000) /
        (await runConcurrently(r, concurrency, async (id) =>
          held.push(await readModifyWriteFold(b.pool, b.spec, id)),
        )),
    );
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `hot minute, ${concurrency} folds at a time (median of ${rounds}): contributions ${fmt(median(contributions))} events/s ` +
      `(${fmt(median(withCompaction))} counting compaction); read-modify-write ${fmt(median(rmw))} events/s, ` +
      `model lock held ${median(held).toFixed(1)} ms per batch (p50)`,
  );
}
