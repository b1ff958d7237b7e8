import type { PoolClient, TransactionOptions } from '../../lib/db.js';
import { modelSpecSchema, type ModelSpec } from '../../domain/model-spec.js';
import type { BatchKind, FoldStore, LockedBatch, SlicedRow } from './fold.store.js';
import { createTileFolder } from './tile-folder.js';
import { admitSegmentValues, admitVersions } from './segment-values.js';
import { OVERALL, slicesOf, type SegmentRanks, type Sliced } from './slices.js';
import { versionsSeen, type VersionSeen } from './versions-seen.js';

export type FoldResult =
  | {
      status: 'folded';
      modelId: string;
      kind: BatchKind;
      receivedAt: Date;
      events: number;
      pairs: number;
      skippedPairs: number;
      rows: number;
    }
  | { status: 'already_folded'; modelId: string; kind: BatchKind; receivedAt: Date };

export interface FoldRequest {
  batchId: number;
  modelId: string;
  kind: BatchKind;
}

/** The batch named by a job is not the one in Postgres, or is gone: retrying cannot help. */
export class FoldInputError extends Error {
  override readonly name = 'FoldInputError';
}

export interface FoldServiceDeps {
  /** Runs `fn` in one transaction (src/lib/db.ts withTransaction over the pool). */
  transaction: <T>(fn: (client: PoolClient) => Promise<T>, options?: TransactionOptions) => Promise<T>;
  store: FoldStore;
  tileSeconds: number;
}

/**
 * Folds one committed batch into tile contributions, exactly once (docs/architecture.md#invariants, invariant 2): the
 * batch row is locked, its contributions, its labelled-pair claims, its model versions and its
 * folded_at are written in one transaction. A replay finds folded_at set and writes nothing; a fold that dies half-way
 * leaves nothing, and its retry folds the whole batch.
 */
export function createFoldService({ transaction, store, tileSeconds }: FoldServiceDeps) {
  /**
   * One tile folder per slice (README.md "Slices"): the overall one, and one per declared segment
   * value and model version present. The folder is used as is; its rows are tagged with their slice.
   */
  function slicedFolders(spec: ModelSpec) {
    const folders = new Map<string, ReturnType<typeof createTileFolder>>();
    const folder = (slice: string) => {
      let found = folders.get(slice);
      if (!found) folders.set(slice, (found = createTileFolder(spec, tileSeconds)));
      return found;
    };
    const overall = folder(OVERALL);
    return {
      overall,
      /** The folders of an event's other slices. */
      of: (ranks: SegmentRanks, versions: ReadonlySet<string>, event: Sliced) =>
        slicesOf(spec, ranks, event, versions).map(folder),
      rows(): SlicedRow[] {
        return [...folders].flatMap(([slice, f]) => f.rows().map((row) => ({ ...row, slice })));
      },
    };
  }

  async function foldLocked(db: PoolClient, batch: LockedBatch, spec: ModelSpec) {
    const folders = slicedFolders(spec);
    let events = 0;
    let pairs = 0;
    let skippedPairs = 0;
    let versions: VersionSeen[] = [];
    if (batch.kind === 'predictions') {
      const predictions = await store.readPredictions(db, batch);
      versions = versionsSeen(predictions);
      const outcomes = await store.claimPairsOfPredictions(db, batch.modelId, batch.id, predictions);
      const ranks = await admitSegmentValues(db, batch.modelId, spec, predictions);
      const kept = await admitVersions(
        db,
        batch.modelId,
        versions.map((v) => v.version),
      );
      for (const prediction of predictions) {
        const slices = folders.of(ranks, kept, prediction);
        folders.overall.addPrediction(prediction);
        for (const folder of slices) folder.addPrediction(prediction);
        const outcome = outcomes.get(prediction.predictionId);
        if (!outcome) continue;
        const pair = { ...prediction, ...outcome };
        if (folders.overall.addPair(pair)) pairs++;
        else skippedPairs++;
        for (const folder of slices) folder.addPair(pair);
      }
      events = predictions.length;
    } else {
      const claimed = await store.claimPairsOfOutcomes(db, batch.modelId, batch.id);
      const ranks = await admitSegmentValues(db, batch.modelId, spec, claimed);
      const kept = await admitVersions(
        db,
        batch.modelId,
        versionsSeen(claimed).map((v) => v.version),
      );
      for (const pair of claimed) {
        if (folders.overall.addPair(pair)) pairs++;
        else skippedPairs++;
        for (const folder of folders.of(ranks, kept, pair)) folder.addPair(pair);
      }
    }
    const rows = folders.rows();
    await store.insertContributions(db, batch.modelId, batch.id, rows);
    // Last before the commit: the version rows are shared by every fold of the model, and stay locked until it.
    await store.recordVersions(db, batch.modelId, versions);
    await store.markFolded(db, batch.id);
    return { events, pairs, skippedPairs, rows: rows.length };
  }

  async function foldBatch(expected: FoldRequest): Promise<FoldResult> {
    return transaction(
      async (db) => {
        const batch = await store.lockBatch(db, expected.batchId);
        if (!batch) throw new FoldInputError(`batch ${expected.batchId} does not exist`);
        if (batch.modelId !== expected.modelId || batch.kind !== expected.kind) {
          throw new FoldInputError(
            `batch ${batch.id} is ${batch.kind} of model ${batch.modelId}, not ${expected.kind} of ${expected.modelId}`,
          );
        }
        const about = { modelId: batch.modelId, kind: batch.kind, receivedAt: batch.receivedAt };
        if (batch.folded) return { status: 'already_folded', ...about };
        const spec = modelSpecSchema.parse(await store.loadSpec(db, batch.modelId));
        return { status: 'folded', ...about, ...(await foldLocked(db, batch, spec)) };
      },
      // Two folds claiming overlapping pairs (a predictions batch and an outcomes batch) can
      // deadlock on labelled_pairs despite the sorted inserts; Postgres aborts one, which tries again.
      { attempts: 3 },
    );
  }

  return {
    foldBatch,
  };
}

export type FoldService = ReturnType<typeof createFoldService>;
