import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type PoolClient } from '../../../src/lib/db.js';
import { createLogger } from '../../../src/lib/logger.js';
import { maintenanceStore } from '../../../src/modules/tiles/maintenance.store.js';
import { createQuarantine } from '../../../src/modules/tiles/quarantine.js';
import { quarantineStore } from '../../../src/modules/tiles/quarantine.store.js';
import { createTileMaintenance } from '../../../src/modules/tiles/tiles.maintenance.js';
import { createTilesService, type TilesService } from '../../../src/modules/tiles/tiles.service.js';
import { tilesStore } from '../../../src/modules/tiles/tiles.store.js';
import { createWindowCache, type WindowCache } from '../../../src/modules/tiles/window-cache.js';
import {
  creditEvents,
  foldEnv,
  HOUR,
  hourStart,
  MINUTE,
  spread,
  type FoldEnv,
} from '../../helpers/fold-env.js';

// The window cache (src/modules/tiles/window-cache.ts, README.md "Window cache"): a window read
// through it must give the very bytes a cold read (no cache) gives, whatever changed since the
// blocks were cached: a late event folded into a cached minute, its compaction, rollup, a tile
// that cannot be decoded any more. Expected values are the cold read's, in the same snapshot state.

let env: FoldEnv;
let cache: WindowCache;
let cached: TilesService;
let cold: TilesService;
const start = hourStart(4); // two closed hours: [start, start + 2h)
// 125 events a minute: a 10-minute block holds more than a sketch keeps exactly, so merges compress.
const events = creditEvents('w', spread(start + 500, 2 * HOUR - 1_000, 15_000), 3);

const log = createLogger('silent');

function services(withCache: WindowCache | null) {
  const transaction = <T>(fn: (db: PoolClient) => Promise<T>) => withTransaction(env.db.pool, fn);
  const quarantine = createQuarantine({
    transaction,
    store: quarantineStore,
    tileSeconds: 60,
    log,
    counted: () => undefined,
  });
  const tiles = createTilesService({
    transaction,
    store: tilesStore,
    quarantine,
    tileSeconds: 60,
    ...(withCache ? { cache: withCache } : {}),
  });
  return { tiles, quarantine, transaction };
}

function maintenance(nowMs: number) {
  const { quarantine, transaction } = services(null);
  return createTileMaintenance({
    transaction,
    store: maintenanceStore,
    quarantine,
    tileSeconds: 60,
    fineRetentionHours: 48,
    retentionDays: 90,
    log,
    failed: () => undefined,
    now: () => nowMs,
  });
}

beforeAll(async () => {
  env = await foldEnv();
  for (let i = 0; i < events.length; i += 1_000) {
    await env.fold(
      'credit',
      'predictions',
      await env.post('credit', 'predictions', events.slice(i, i + 1_000)),
    );
  }
  await env.t.container.tileTasks.compactAll();
  cache = createWindowCache(64 * 1024 * 1024);
  cached = services(cache).tiles;
  cold = services(null).tiles;
});

/** Reads [from, to) through the cache, then cold, and expects the same bytes and the same read. */
async function expectSameAsCold(from: number, to: number) {
  const [warm, fresh] = [
    await cached.loadWindow('credit', new Date(from), new Date(to)),
    await cold.loadWindow('credit', new Date(from), new Date(to)),
  ];
  expect(warm.traffic.encode()).toEqual(fresh.traffic.encode());
  expect(warm.read).toEqual(fresh.read);
  return warm;
}

describe('window cache', () => {
  it('reuses the blocks of closed minutes, sliding or not, and gives the bytes of a cold read', async () => {
    const from = start + 7 * MINUTE;
    await expectSameAsCold(from, from + HOUR);
    const before = cache.stats();
    const again = await expectSameAsCold(from, from + HOUR);
    // [start+7, start+67): the blocks of 10, 20, 30, 40 and 50 minutes are whole inside.
    expect(cache.stats().hits - before.hits).toBe(5);
    expect(again.traffic.events).toBe(
      events.filter((e) => e.timestamp >= from && e.timestamp < from + HOUR).length,
    );
    for (let slide = 1; slide <= 4; slide++) {
      await expectSameAsCold(from + slide * MINUTE, from + HOUR + slide * MINUTE);
    }
    expect(cache.stats().hits - before.hits).toBeGreaterThanOrEqual(5 * 5);
  });

  it('never serves a block whose minute got a late event, before or after its compaction', async () => {
    const [from, to] = [start + 10 * MINUTE, start + 70 * MINUTE];
    const first = await expectSameAsCold(from, to);
    const late = creditEvents('late', [start + 23 * MINUTE + 5_000], 9);
    await env.fold('credit', 'predictions', await env.post('credit', 'predictions', late));
    const withContribution = await expectSameAsCold(from, to);
    expect(withContribution.traffic.events).toBe(first.traffic.events + 1);
    expect(withContribution.read.merged.contributions).toBeGreaterThan(0);
    await env.t.container.tileTasks.compactAll();
    const compacted = await expectSameAsCold(from, to);
    expect(compacted.traffic.events).toBe(first.traffic.events + 1);
    expect(compacted.read.merged.contributions).toBe(0);
  });

  it('follows rollup: hour tiles where whole hours are rolled up, cached minutes at the edges', async () => {
    await expectSameAsCold(start + 30 * MINUTE, start + 90 * MINUTE);
    const report = await maintenance(start + 3 * HOUR).maintain();
    expect(report.hours).toBe(2);
    const wide = await expectSameAsCold(start + 30 * MINUTE, start + 2 * HOUR);
    expect(wide.read.merged.hourTiles).toBeGreaterThan(0);
    await expectSameAsCold(start + 30 * MINUTE, start + 90 * MINUTE);
  });

  it('never serves a block holding a tile that can no longer be decoded', async () => {
    const [from, to] = [start + 40 * MINUTE, start + 100 * MINUTE];
    const whole = await expectSameAsCold(from, to);
    expect(whole.read.incomplete).toEqual([]);
    // Flip the last byte (the CRC) of one minute's income summary inside a cached block.
    const corrupted = await env.rows(
      `UPDATE tiles SET bytes = set_byte(bytes, length(bytes) - 1, get_byte(bytes, length(bytes) - 1) # 255)
       WHERE model_id = 'credit' AND resolution = 60 AND bucket = $1 AND key = 'numerical:feature:income'
       RETURNING key`,
      [new Date(start + 55 * MINUTE)],
    );
    expect(corrupted).toHaveLength(1);
    const read = await cached.loadWindow('credit', new Date(from), new Date(to));
    expect(read.read.incomplete.map((q) => q.key)).toEqual(['numerical:feature:income']);
    // The cached read found it and set it aside; a cold read now reads the same without it.
    const fresh = await cold.loadWindow('credit', new Date(from), new Date(to));
    expect(read.traffic.encode()).toEqual(fresh.traffic.encode());
    await expectSameAsCold(from, to);
  });
});
