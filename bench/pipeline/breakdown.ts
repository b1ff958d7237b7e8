import type { Pool } from 'pg';
import { withTransaction, type PoolClient } from '../../src/lib/db.js';
import type { ModelSpec } from '../../src/domain/model-spec.js';
import { tilesWindowSource } from '../../src/modules/evaluation/window-source.js';
import { createReferenceLoader, referenceForSpec } from '../../src/modules/references/reference-loader.js';
import { referencesStore } from '../../src/modules/references/references.store.js';
import { createLogger } from '../../src/lib/logger.js';
import { createQuarantine } from '../../src/modules/tiles/quarantine.js';
import { quarantineStore } from '../../src/modules/tiles/quarantine.store.js';
import { createTilesService } from '../../src/modules/tiles/tiles.service.js';
import { tilesStore } from '../../src/modules/tiles/tiles.store.js';
import { evaluateFromSummaries } from '../../src/stats/evaluation/summary-backend.js';
import { median, timed } from '../timing.js';

/**
 * Where the time of an evaluation from tiles goes, in this process with the service's own parts:
 * reading and merging the window's tiles, and evaluating the merged summaries against the
 * (cached, decoded) reference. Medians of `runs`.
 */
export async function evaluationBreakdown(
  db: Pool,
  spec: ModelSpec,
  modelId: string,
  range: { from: Date; to: Date },
  runs = 5,
): Promise<{ readMs: number; evaluateMs: number; tiles: number }> {
  const transaction = <T>(fn: (c: PoolClient) => Promise<T>) => withTransaction(db, fn);
  const quarantine = createQuarantine({
    transaction,
    store: quarantineStore,
    tileSeconds: 60,
    log: createLogger('silent'),
    counted: () => undefined,
  });
  const tiles = createTilesService({ transaction, store: tilesStore, quarantine, tileSeconds: 60 });
  const loaded = await createReferenceLoader({ db, store: referencesStore }).current(modelId);
  const fitted = loaded && referenceForSpec(loaded, spec);
  if (!fitted) throw new Error(`${modelId} has no reference`);
  const source = tilesWindowSource(tiles);
  const read = await timed(runs, () => source.load(fitted.spec, modelId, range.from, range.to));
  const traffic = read.result.traffic;
  const evaluate = await timed(runs, () => evaluateFromSummaries(fitted.spec, fitted.reference, traffic));
  const { buckets } = await tiles.eventCounts(modelId, range.from, range.to);
  return { readMs: median(read.ms), evaluateMs: median(evaluate.ms), tiles: buckets.length };
}
