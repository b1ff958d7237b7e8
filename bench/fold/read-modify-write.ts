import { performance } from 'node:perf_hooks';
import { withTransaction, type Pool } from '../../src/lib/db.js';
import type { ModelSpec } from '../../src/domain/model-spec.js';
import { foldStore } from '../../src/modules/tiles/fold.store.js';
import { maintenanceStore, type TileWrite } from '../../src/modules/tiles/maintenance.store.js';
import { encodeMerged, mergeRows } from '../../src/stats/core/merge-rows.js';
import { createTileFolder } from '../../src/modules/tiles/tile-folder.js';

/**
 * The alternative to contributions, for the hot-tile comparison only: each fold merges its
 * summaries straight into the tile rows, reading and rewriting them under the model's lock (the
 * lock is what makes it correct: two folds reading the same tile would lose one's update).
 * Returns how long the lock was held, up to the commit that releases it.
 */
export async function readModifyWriteFold(pool: Pool, spec: ModelSpec, batchId: number): Promise<number> {
  let lockedAt = 0;
  await withTransaction(pool, async (db) => {
    const batch = await foldStore.lockBatch(db, batchId);
    if (!batch || batch.folded) return;
    const folder = createTileFolder(spec, 60);
    const predictions = await foldStore.readPredictions(db, batch);
    const outcomes = await foldStore.claimPairsOfPredictions(db, batch.modelId, batch.id, predictions);
    for (const p of predictions) {
      folder.addPrediction(p);
      const outcome = outcomes.get(p.predictionId);
      if (outcome) folder.addPair({ ...p, ...outcome });
    }
    const rows = folder.rows().map((r) => ({ ...r, resolution: 60, slice: '' }));
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [0x7469, batch.modelId]);
    lockedAt = performance.now();
    const existing = await maintenanceStore.readTiles(db, batch.modelId, rows);
    const writes: TileWrite[] = rows.map((row) => {
      const old = existing.find((t) => t.bucketMs === row.bucketMs && t.key === row.key);
      const merged = mergeRows(old ? [old, row] : [row]).get(row.key)!;
      return {
        slice: '',
        resolution: 60,
        bucketMs: row.bucketMs,
        key: row.key,
        n: merged.n,
        bytes: encodeMerged(merged),
      };
    });
    await maintenanceStore.upsertTiles(db, batch.modelId, writes);
    await foldStore.markFolded(db, batch.id);
  });
  return performance.now() - lockedAt;
}
