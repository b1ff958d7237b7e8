// Fold throughput, compaction cost and window reads on a real Postgres:
// `node --import tsx bench/fold.bench.ts` (DATABASE_URL: a server where it may create and drop a
// scratch database; default the local one). Batches of 1,000 events × 20 features (15 numerical,
// 5 categorical) of a binary model with scores; a third of the events get outcomes.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPool, withTransaction, type Pool, type PoolClient } from '../src/lib/db.js';
import { createLogger } from '../src/lib/logger.js';
import { migrate } from '../src/lib/migrate.js';
import { createIngestStore } from '../src/modules/ingest/ingest.store.js';
import { modelSpecSchema } from '../src/domain/model-spec.js';
import { createFoldService } from '../src/modules/tiles/fold.service.js';
import { foldStore } from '../src/modules/tiles/fold.store.js';
import { maintenanceStore } from '../src/modules/tiles/maintenance.store.js';
import { createQuarantine } from '../src/modules/tiles/quarantine.js';
import { quarantineStore } from '../src/modules/tiles/quarantine.store.js';
import { createTileFolder } from '../src/modules/tiles/tile-folder.js';
import { createTileMaintenance } from '../src/modules/tiles/tiles.maintenance.js';
import { createTilesService } from '../src/modules/tiles/tiles.service.js';
import { tilesStore } from '../src/modules/tiles/tiles.store.js';
import { seededRandom } from '../tests/helpers/random.js';
import { benchHotTiles, runConcurrently } from './fold/hot-tiles.js';
import { benchReads } from './fold/reads.js';
import { benchEvents, benchOutcomes, BENCH_SPEC, storedPrediction } from './fold/events.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const log = createLogger('silent');
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(pool: Pool): Promise<void> {
  await migrate(pool);
  await pool.query(`INSERT INTO models (id, name, task, spec) VALUES ('bench', 'bench', $1, $2)`, [
    BENCH_SPEC.task,
    JSON.stringify(BENCH_SPEC),
  ]);
  const spec = modelSpecSchema.parse(BENCH_SPEC);
  const ingest = createIngestStore(pool);
  const transaction = <T>(fn: (c: PoolClient) => Promise<T>) => withTransaction(pool, fn);
  const folds = createFoldService({ transaction, store: foldStore, tileSeconds: 60 });
  const quarantine = createQuarantine({
    transaction,
    store: quarantineStore,
    tileSeconds: 60,
    log,
    counted: () => undefined,
  });
  const tasks = createTileMaintenance({
    transaction,
    store: maintenanceStore,
    quarantine,
    tileSeconds: 60,
    fineRetentionHours: 48,
    retentionDays: 90,
    log,
    failed: () => undefined,
  });
  const tiles = createTilesService({ transaction, store: tilesStore, quarantine, tileSeconds: 60 });
  const rng = seededRandom(42);
  const hour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
  let serial = 0;

  /** Commits `count` prediction batches, batch b covering minute `minuteOf(b)` of the hour. */
  async function commitBatches(count: number, minuteOf: (b: number) => number): Promise<number[]> {
    const ids: number[] = [];
    for (let b = 0; b < count; b++) {
      const rows = benchEvents(rng, `e${serial++}`, hour + minuteOf(b) * MINUTE, BATCH);
      await ingest.ensurePartitions(rows.map((r) => r.tsMs));
      const [committed] = await ingest.commitPredictions('bench', null, [
        { rows, duplicatesBefore: 0, rejected: 0 },
      ]);
      ids.push(committed!.batchId);
      const outcomes = benchOutcomes(rng, rows, 3);
      await ingest.commitOutcomes('bench', null, [{ rows: outcomes, duplicatesBefore: 0, rejected: 0 }]);
    }
    return ids;
  }

  const foldAll = (ids: number[], concurrency: number) =>
    runConcurrently(ids, concurrency, (id) =>
      folds.foldBatch({ batchId: id, modelId: 'bench', kind: 'predictions' }),
    );

  // 1. In-memory summary building alone, for the share of a fold spent outside Postgres.
  const sample = benchEvents(rng, 'mem', hour, BATCH).map(storedPrediction);
  const buildAll = () => {
    const folder = createTileFolder(spec, 60);
    for (const e of sample) folder.addPrediction(e);
    return folder.rows();
  };
  for (let i = 0; i < 10; i++) buildAll(); // warm up the JIT
  let t0 = performance.now();
  for (let i = 0; i < 20; i++) buildAll();
  console.log(`summaries in memory (build + encode): ${fmt((20 * BATCH) / seconds(t0))} events/s`);

  // 2. Fold throughput: 40 batches, each in a minute of its own, serially and four at a time (the worker's concurrency).
  for (const concurrency of [1, 4]) {
    const ids = await commitBatches(40, (b) => b);
    const s = await foldAll(ids, concurrency);
    console.log(
      `fold, concurrency ${concurrency}: ${fmt((ids.length * BATCH) / s)} events/s (${((s * 1000) / ids.length).toFixed(1)} ms per batch of ${BATCH})`,
    );
  }

  // 3. Compaction: everything folded so far.
  t0 = performance.now();
  const compacted = await tasks.compactAll();
  const s = seconds(t0);
  console.log(
    `compaction: ${fmt(compacted.contributions)} contributions into ${fmt(compacted.tiles)} tile writes in ${(s * 1000).toFixed(0)} ms (${((s * 1e6) / Math.max(1, compacted.contributions)).toFixed(0)} µs per contribution)`,
  );

  // 4. Hot tiles: many batches into one minute, merged as contributions or read-modify-write.
  for (const concurrency of [4, 8])
    await benchHotTiles(
      { pool, spec, folds, tasks, commit: (n, m) => commitBatches(n, () => m) },
      concurrency,
    );

  // 5. Storage and reads, once the hour is rolled up.
  await tasks.maintain();
  await benchReads(pool, tiles, hour);
}

const name = `mw_bench_fold_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${name}`);
const pool = createPool(SERVER.replace(/\/[^/]*$/, `/${name}`), 12);
// DROP DATABASE … WITH (FORCE) below terminates clients the pool may still be closing.
pool.on('error', () => undefined);
try {
  console.log(
    `node ${process.version}, Postgres ${(await pool.query('SHOW server_version')).rows[0].server_version}`,
  );
  await main(pool);
} finally {
  await pool.end();
  await admin(`DROP DATABASE ${name} WITH (FORCE)`);
}
