import type { Logger } from 'pino';
import type { PoolClient } from '../../lib/db.js';
import type { MaintenanceStore, TileWrite } from './maintenance.store.js';
import { encodeMerged, mergeRows } from './merge-rows.js';
import type { StoredTile } from './tiles.store.js';
import { HOUR_MS, hourOf } from './window-plan.js';

export interface TileMaintenanceDeps {
  transaction: <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T>;
  store: MaintenanceStore;
  tileSeconds: number;
  /** Fine tiles of rolled-up hours are kept this long, for windows with minute edges. */
  fineRetentionHours: number;
  retentionDays: number;
  log: Logger;
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

/**
 * Compaction, rollup, pruning and retention (README.md "Life of a tile"). Each step for a model
 * is one transaction under the model's tiles lock: readers see a step whole or not at all, and
 * workers on several replicas skip a model another one is busy with.
 */
export function createTileMaintenance(deps: TileMaintenanceDeps) {
  const { transaction, store, tileSeconds, log, now = Date.now } = deps;
  const rollupGraceMs = deps.rollupGraceMs ?? 10 * 60_000;
  const compactBatchSize = deps.compactBatchSize ?? 5_000;
  const place = (t: Omit<TileWrite, 'n' | 'bytes'>) => `${t.resolution}|${t.bucketMs}|${t.key}`;
  /** Hours starting before this have ended at least rollupGraceMs ago. */
  const rollCutoff = () => hourOf(now() - rollupGraceMs);
  /** Hours ending by this are older than the fine-tile horizon. */
  const pruneCutoff = () => hourOf(now() - deps.fineRetentionHours * HOUR_MS);
  const expire = () =>
    transaction((db) => store.deleteOlderThan(db, now() - deps.retentionDays * 86_400_000));

  /** Merges a group of rows per place and returns the tiles to write. */
  function mergeInto(
    targets: Map<string, { at: Omit<TileWrite, 'n' | 'bytes'>; rows: StoredTile[] }>,
  ): TileWrite[] {
    return [...targets.values()].map(({ at, rows }) => {
      const merged = mergeRows(rows).get(at.key)!;
      return { ...at, n: merged.n, bytes: encodeMerged(merged) };
    });
  }

  async function compactModel(modelId: string): Promise<CompactReport | null> {
    return transaction(async (db) => {
      if (!(await store.tryLockModel(db, modelId))) return null;
      const taken = await store.takeContributions(db, modelId, compactBatchSize);
      if (taken.length === 0) return { contributions: 0, tiles: 0 };
      const hours = [...new Set(taken.map((c) => hourOf(c.bucketMs)))];
      await store.touchHours(db, modelId, hours);
      const rollups = await store.rollupsOf(db, modelId, hours);
      const targets = new Map<string, { at: Omit<TileWrite, 'n' | 'bytes'>; rows: StoredTile[] }>();
      const addTo = (at: Omit<TileWrite, 'n' | 'bytes'>, row: StoredTile) => {
        const id = place(at);
        const target = targets.get(id);
        if (target) target.rows.push(row);
        else targets.set(id, { at, rows: [row] });
      };
      for (const c of taken) {
        const rollup = rollups.get(hourOf(c.bucketMs));
        if (!rollup?.minutesPruned) addTo({ resolution: tileSeconds, bucketMs: c.bucketMs, key: c.key }, c);
        if (rollup) addTo({ resolution: 3600, bucketMs: hourOf(c.bucketMs), key: c.key }, c);
      }
      const existing = await store.readTiles(
        db,
        modelId,
        [...targets.values()].map((t) => ({ ...t.at, n: 0, bytes: null })),
      );
      for (const tile of existing) targets.get(place(tile))!.rows.unshift(tile);
      const writes = mergeInto(targets);
      await store.upsertTiles(db, modelId, writes);
      return { contributions: taken.length, tiles: writes.length };
    });
  }

  async function rollUpModel(modelId: string, maxHours = 24): Promise<number | null> {
    return transaction(async (db) => {
      if (!(await store.tryLockModel(db, modelId))) return null;
      const hours = await store.hoursToRollUp(db, modelId, rollCutoff(), maxHours);
      const writes: TileWrite[] = [];
      for (const hour of hours) {
        const merged = mergeRows(await store.fineTilesOf(db, modelId, hour));
        for (const [key, m] of merged)
          writes.push({ resolution: 3600, bucketMs: hour, key, n: m.n, bytes: encodeMerged(m) });
      }
      await store.upsertTiles(db, modelId, writes);
      if (hours.length > 0) await store.markRolledUp(db, modelId, hours);
      return hours.length;
    });
  }

  async function pruneModel(modelId: string): Promise<number | null> {
    return transaction(async (db) => {
      if (!(await store.tryLockModel(db, modelId))) return null;
      return store.pruneFineTiles(db, modelId, pruneCutoff());
    });
  }

  return {
    compactModel,
    rollUpModel,
    pruneModel,

    /** Compacts every model's contributions until none are left (or another worker has the model). */
    async compactAll(): Promise<CompactReport> {
      const total: CompactReport = { contributions: 0, tiles: 0 };
      for (const modelId of await transaction((db) => store.modelsWithContributions(db))) {
        for (;;) {
          const report = await compactModel(modelId);
          if (report === null) break;
          total.contributions += report.contributions;
          total.tiles += report.tiles;
          if (report.contributions < compactBatchSize) break;
        }
      }
      return total;
    },

    /** Rolls up closed hours, prunes old fine tiles and deletes what is past retention. */
    async maintain(): Promise<{ hours: number; pruned: number; expired: number }> {
      let hours = 0;
      let pruned = 0;
      const models = await transaction((db) => store.modelsWithHourWork(db, rollCutoff(), pruneCutoff()));
      for (const modelId of models) {
        for (let rolled = await rollUpModel(modelId); rolled; rolled = await rollUpModel(modelId))
          hours += rolled;
        pruned += (await pruneModel(modelId)) ?? 0;
      }
      const expired = await expire();
      if (hours + pruned + expired > 0) log.info({ hours, pruned, expired }, 'tiles rolled up and pruned');
      return { hours, pruned, expired };
    },
  };
}

export type TileMaintenance = ReturnType<typeof createTileMaintenance>;
