import type { PoolClient } from '../../lib/db.js';
import { NotFoundError } from '../../lib/errors.js';
import { modelSpecSchema, type ModelSpec } from '../../domain/model-spec.js';
import { EVENTS_KEY } from '../../stats/core/summary-codec.js';
import { OVERALL } from './slices.js';
import type { Quarantine } from './quarantine.js';
import type { TilesStore } from './tiles.store.js';
import { knownRows, mergeWindowRows } from './window-blocks.js';
import { createWindowCache, type WindowCache } from './window-cache.js';
import { readWindow, type LoadedWindow } from './window-read.js';
import { HOUR_MS, hourOf, planWindow, type WindowPlan } from './window-plan.js';

export interface EventCounts {
  /** The range counted, [from, to), after alignment (see loadWindow). */
  from: Date;
  to: Date;
  /** Buckets with events, oldest first: hour buckets where hour tiles were read, fine ones elsewhere. */
  buckets: { start: Date; seconds: number; events: number }[];
}

export interface TilesServiceDeps {
  transaction: <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T>;
  store: TilesStore;
  quarantine: Pick<Quarantine, 'inRange' | 'setAside'>;
  tileSeconds: number;
  /** Merged blocks of closed minutes kept by this process (window-cache.ts); none: every read is cold. */
  cache?: WindowCache;
}

/**
 * Windows read from tiles. Each read is one REPEATABLE READ snapshot, so a compaction or rollup
 * committing in the middle cannot make it count a contribution twice or not at all.
 */
export function createTilesService({
  transaction,
  store,
  quarantine,
  tileSeconds,
  cache = createWindowCache(0),
}: TilesServiceDeps) {
  const tileMs = tileSeconds * 1000;

  function snapshot<T>(fn: (db: PoolClient) => Promise<T>): Promise<T> {
    return transaction(async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return fn(db);
    });
  }

  async function plan(db: PoolClient, modelId: string, from: Date, to: Date): Promise<WindowPlan> {
    const rollups = await store.readRollups(db, modelId, from.getTime(), to.getTime() + HOUR_MS);
    return planWindow(from.getTime(), to.getTime(), tileMs, rollups);
  }

  return {
    /**
     * The merged summaries of every event of `modelId` whose bucket starts in [from, to): both ends
     * move up to a tile boundary (TILE_SECONDS), and an end inside an hour whose fine tiles are gone
     * widens to that hour. The range used is returned as `from` and `to`.
     *
     * A row that cannot be decoded is left out and quarantined once the read is done (its
     * snapshot is read-only); `incomplete` lists it with those of the range quarantined before.
     * `keys` reads only those summaries (the others are empty): labelled pairs and values over a
     * week cost a fraction of the whole window. The traffic is shaped by the model's stored spec,
     * or by `spec` (an evaluation's: the features its reference also has, picked by name). `slice`
     * reads one slice (README.md "Slices"; default '', the overall traffic).
     */
    async loadWindow(
      modelId: string,
      from: Date,
      to: Date,
      {
        keys = null,
        spec = null,
        slice = OVERALL,
      }: { keys?: readonly string[] | null; spec?: ModelSpec | null; slice?: string } = {},
    ): Promise<LoadedWindow> {
      const { window, undecodable } = await snapshot(async (db) => {
        const stored = await store.loadSpec(db, modelId);
        if (stored === null) throw new NotFoundError(`model ${modelId} does not exist`);
        const shape = spec ?? modelSpecSchema.parse(stored);
        const windowPlan = await plan(db, modelId, from, to);
        const scope = { modelId, slice, keys, tileSeconds };
        const known = knownRows(cache, scope, windowPlan);
        const rows = await store.readPlan(db, modelId, windowPlan, tileSeconds, { keys, slice, known });
        const merged = await mergeWindowRows(rows, windowPlan, scope, cache, (fromMs, toMs) =>
          store.readPlan(db, modelId, { fromMs, toMs, hours: [], fine: [[fromMs, toMs]] }, tileSeconds, {
            keys,
            slice,
          }),
        );
        // Rejected events have no slice (they were never stored): a slice counts none.
        const rejected =
          slice === OVERALL ? await store.countRejected(db, modelId, windowPlan.fromMs, windowPlan.toMs) : 0;
        const before = await quarantine.inRange(db, modelId, windowPlan.fromMs, windowPlan.toMs, slice);
        return readWindow(modelId, shape, windowPlan, rows, merged, rejected, { before, tileSeconds });
      });
      await quarantine.setAside(modelId, undecodable);
      return window;
    },

    /** Events per bucket over [from, to) of one slice, for volume: counts only, no summaries decoded. */
    async eventCounts(
      modelId: string,
      from: Date,
      to: Date,
      { slice = OVERALL }: { slice?: string } = {},
    ): Promise<EventCounts> {
      return snapshot(async (db) => {
        const windowPlan = await plan(db, modelId, from, to);
        const rows = await store.readPlan(db, modelId, windowPlan, tileSeconds, {
          keys: [EVENTS_KEY],
          withBytes: false,
          slice,
        });
        const hourTiles = new Set(windowPlan.hours);
        const counts = new Map<string, { start: number; seconds: number; events: number }>();
        for (const row of rows) {
          const inHourTile = row.resolution === 3600 || hourTiles.has(hourOf(row.bucketMs));
          const start = inHourTile ? hourOf(row.bucketMs) : row.bucketMs;
          const seconds = inHourTile ? 3600 : tileSeconds;
          const id = `${seconds}|${start}`;
          const bucket = counts.get(id);
          if (bucket) bucket.events += row.n;
          else counts.set(id, { start, seconds, events: row.n });
        }
        const buckets = [...counts.values()]
          .sort((a, b) => a.start - b.start)
          .map((b) => ({ start: new Date(b.start), seconds: b.seconds, events: b.events }));
        return { from: new Date(windowPlan.fromMs), to: new Date(windowPlan.toMs), buckets };
      });
    },
  };
}

export type TilesService = ReturnType<typeof createTilesService>;
