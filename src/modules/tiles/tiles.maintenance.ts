import type { Logger } from 'pino';
import type { PoolClient } from '../../lib/db.js';
import type { MaintenanceStore, TileWrite } from './maintenance.store.js';
import { encodeMerged, mergeDecodable, type Undecodable } from '../../stats/core/merge-rows.js';
import { createModelIsolation, type UpkeepTask } from './model-isolation.js';
import type { Quarantine } from './quarantine.js';
import type { QuarantinedSummary, TakenContribution } from './quarantine.store.js';
import type { StoredTile } from './tiles.store.js';
import { HOUR_MS, hourOf } from './window-plan.js';

export interface TileMaintenanceDeps {
  transaction: <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T>;
  store: MaintenanceStore;
  /** Where rows that cannot be decoded go (README.md "Quarantine"). */
  quarantine: Pick<Quarantine, 'moveRows' | 'recordTaken' | 'report'>;
  tileSeconds: number;
  /** Fine tiles of rolled-up hours are kept this long, for windows with minute edges. */
  fineRetentionHours: number;
  retentionDays: number;
  log: Logger;
  /** Counts a model's failed upkeep step (`modelwatch_tile_upkeep_failures_total`). */
  failed: (modelId: string, task: UpkeepTask) => void;
  now?: () => number;
  /** An hour is rolled up once it ended this long ago (later data is still merged in). */
  rollupGraceMs?: number;
  /** Contributions merged per transaction. */
  compactBatchSize?: number;
}

export interface CompactReport {
  contributions: number;
  tiles: number;
}

type Place = Omit<TileWrite, 'n' | 'bytes'>;
type Target = { at: Place; rows: (StoredTile | TakenContribution)[] };

/**
 * Compaction, rollup, pruning and retention (README.md "Life of a tile"). Each step for a model
 * is one transaction under the model's tiles lock: readers see a step whole or not at all, and
 * workers on several replicas skip a model another one is busy with. A row that cannot be
 * decoded is quarantined in the step's transaction and the step goes on without it; a step that
 * fails otherwise fails for its model only (model-isolation.ts).
 */
export function createTileMaintenance(deps: TileMaintenanceDeps) {
  const { transaction, store, quarantine, tileSeconds, log, now = Date.now } = deps;
  const rollupGraceMs = deps.rollupGraceMs ?? 10 * 60_000;
  const compactBatchSize = deps.compactBatchSize ?? 5_000;
  const isolated = createModelIsolation({ log, failed: deps.failed });
  const place = (t: Place) => `${t.slice}|${t.resolution}|${t.bucketMs}|${t.key}`;
  /** Hours starting before this have ended at least rollupGraceMs ago. */
  const rollCutoff = () => hourOf(now() - rollupGraceMs);
  /** Hours ending by this are older than the fine-tile horizon. */
  const pruneCutoff = () => hourOf(now() - deps.fineRetentionHours * HOUR_MS);
  const expire = () =>
    transaction((db) => store.deleteOlderThan(db, now() - deps.retentionDays * 86_400_000));

  /**
   * Merges a group of rows per place and returns the tiles to write, and the rows that could not
   * be decoded (once each: a contribution can be in a fine and an hour target).
   */
  function mergeInto(targets: Map<string, Target>) {
    const writes: TileWrite[] = [];
    const undecodable = new Map<StoredTile, Undecodable<StoredTile | TakenContribution>>();
    for (const { at, rows } of targets.values()) {
      const result = mergeDecodable(rows);
      for (const u of result.undecodable) undecodable.set(u.row, u);
      const merged = result.merged.get(at.key);
      if (merged) writes.push({ ...at, n: merged.n, bytes: encodeMerged(merged) });
    }
    return { writes, undecodable: [...undecodable.values()] };
  }

  /** Quarantines a step's undecodable rows in its transaction: tiles moved, contributions recorded. */
  async function setAside(
    db: PoolClient,
    modelId: string,
    rows: readonly Undecodable<StoredTile | TakenContribution>[],
  ): Promise<QuarantinedSummary[]> {
    const taken = rows.filter((u): u is Undecodable<TakenContribution> => u.row.resolution === 0);
    const tiles = rows.filter((u) => u.row.resolution !== 0);
    return [
      ...(await quarantine.moveRows(db, modelId, tiles)),
      ...(await quarantine.recordTaken(db, modelId, taken)),
    ];
  }

  /** Runs a step's transaction, then logs and counts what it quarantined once that has committed. */
  async function step<T>(
    modelId: string,
    fn: (db: PoolClient) => Promise<{ result: T; moved: QuarantinedSummary[] } | null>,
  ): Promise<T | null> {
    const done = await transaction(fn);
    if (done === null) return null;
    quarantine.report(modelId, done.moved);
    return done.result;
  }

  async function compactModel(modelId: string): Promise<CompactReport | null> {
    return step(modelId, async (db) => {
      if (!(await store.tryLockModel(db, modelId))) return null;
      const taken = await store.takeContributions(db, modelId, compactBatchSize);
      if (taken.length === 0) return { result: { contributions: 0, tiles: 0 }, moved: [] };
      const hours = [...new Set(taken.map((c) => hourOf(c.bucketMs)))];
      await store.touchHours(db, modelId, hours);
      const rollups = await store.rollupsOf(db, modelId, hours);
      const targets = new Map<string, Target>();
      const addTo = (at: Place, row: TakenContribution) => {
        const id = place(at);
        const target = targets.get(id);
        if (target) target.rows.push(row);
        else targets.set(id, { at, rows: [row] });
      };
      for (const c of taken) {
        const rollup = rollups.get(hourOf(c.bucketMs));
        const { slice, key } = c;
        if (!rollup?.minutesPruned) addTo({ slice, resolution: tileSeconds, bucketMs: c.bucketMs, key }, c);
        if (rollup) addTo({ slice, resolution: 3600, bucketMs: hourOf(c.bucketMs), key }, c);
      }
      const existing = await store.readTiles(
        db,
        modelId,
        [...targets.values()].map((t) => ({ ...t.at, n: 0, bytes: null })),
      );
      for (const tile of existing) targets.get(place(tile))!.rows.unshift(tile);
      const { writes, undecodable } = mergeInto(targets);
      // Before the upsert: a bad tile is moved out, then its place holds what could be merged.
      const moved = await setAside(db, modelId, undecodable);
      await store.upsertTiles(db, modelId, writes);
      return { result: { contributions: taken.length, tiles: writes.length }, moved };
    });
  }

  async function rollUpModel(modelId: string, maxHours = 24): Promise<number | null> {
    return step(modelId, async (db) => {
      if (!(await store.tryLockModel(db, modelId))) return null;
      const hours = await store.hoursToRollUp(db, modelId, rollCutoff(), maxHours);
      const writes: TileWrite[] = [];
      const undecodable: Undecodable<StoredTile>[] = [];
      const slices = hours.length > 0 ? await store.slicesOf(db, modelId) : [];
      for (const hour of hours) {
        // Merged slice by slice: each slice's hour tiles hold its own fine tiles only.
        const bySlice = new Map<string, StoredTile[]>();
        for (const tile of await store.fineTilesOf(db, modelId, slices, hour)) {
          const rows = bySlice.get(tile.slice);
          if (rows) rows.push(tile);
          else bySlice.set(tile.slice, [tile]);
        }
        for (const [slice, rows] of bySlice) {
          const result = mergeDecodable(rows);
          undecodable.push(...result.undecodable);
          for (const [key, m] of result.merged)
            writes.push({ slice, resolution: 3600, bucketMs: hour, key, n: m.n, bytes: encodeMerged(m) });
        }
      }
      const moved = await setAside(db, modelId, undecodable);
      await store.upsertTiles(db, modelId, writes);
      if (hours.length > 0) await store.markRolledUp(db, modelId, hours);
      return { result: hours.length, moved };
    });
  }

  async function pruneModel(modelId: string): Promise<number | null> {
    return transaction(async (db) => {
      if (!(await store.tryLockModel(db, modelId))) return null;
      return store.pruneFineTiles(db, modelId, await store.slicesOf(db, modelId), pruneCutoff());
    });
  }

  return {
    compactModel,
    rollUpModel,
    pruneModel,

    /**
     * Compacts every model's contributions until none are left (or another worker has the model).
     * A model whose compaction fails is left for the next run; `failed` names it.
     */
    async compactAll(): Promise<CompactReport & { failed: string[] }> {
      const total = { contributions: 0, tiles: 0, failed: [] as string[] };
      for (const modelId of await transaction((db) => store.modelsWithContributions(db))) {
        const ok = await isolated('compact', modelId, async () => {
          for (;;) {
            const report = await compactModel(modelId);
            if (report === null) return true;
            total.contributions += report.contributions;
            total.tiles += report.tiles;
            if (report.contributions < compactBatchSize) return true;
          }
        });
        if (!ok) total.failed.push(modelId);
      }
      return total;
    },

    /**
     * Rolls up closed hours, prunes old fine tiles and deletes what is past retention. A model
     * whose rollup or pruning fails is left for the next run (`failed`); retention runs anyway.
     */
    async maintain(): Promise<{ hours: number; pruned: number; expired: number; failed: string[] }> {
      let hours = 0;
      let pruned = 0;
      const failed = new Set<string>();
      const models = await transaction((db) => store.modelsWithHourWork(db, rollCutoff(), pruneCutoff()));
      for (const modelId of models) {
        const rolled = await isolated('rollup', modelId, async () => {
          for (let n = await rollUpModel(modelId); n; n = await rollUpModel(modelId)) hours += n;
          return true;
        });
        const prunedNow = await isolated('prune', modelId, async () => (await pruneModel(modelId)) ?? 0);
        if (rolled === undefined || prunedNow === undefined) failed.add(modelId);
        pruned += prunedNow ?? 0;
      }
      const expired = await expire();
      if (hours + pruned + expired > 0) log.info({ hours, pruned, expired }, 'tiles rolled up and pruned');
      return { hours, pruned, expired, failed: [...failed] };
    },
  };
}

export type TileMaintenance = ReturnType<typeof createTileMaintenance>;
