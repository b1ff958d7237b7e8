// Cost of references and window evaluations on a real Postgres:
// `node --import tsx bench/evaluation.bench.ts` (DATABASE_URL: a server where it may create and
// drop a scratch database; default the local one; EVENTS_PER_MINUTE, default 1,000).
// The model is bench/fold's: 20 features (15 numerical, 5 categorical), binary with scores.
// Prints: building and storing a 50,000-row reference; evaluating a 1-hour window read from
// 60 minute tiles cold (no window cache: every tile decoded and merged, as a worker's first read
// of a window; the figure), warm (the same window again, its blocks cached) and sliding
// (windows ending one minute later each time, as the scheduler evaluates them), then from one
// hour tile (after rollup); the exact evaluation of the same rows (`modelwatch report`'s raw
// path) and SciPy on them for comparison.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, withTransaction, type Pool, type PoolClient } from '../src/lib/db.js';
import { createLogger } from '../src/lib/logger.js';
import { migrate } from '../src/lib/migrate.js';
import { createEvaluationService } from '../src/modules/evaluation/evaluation.service.js';
import { evaluationStore } from '../src/modules/evaluation/evaluation.store.js';
import { tilesWindowSource } from '../src/modules/evaluation/window-source.js';
import { createIngestStore } from '../src/modules/ingest/ingest.store.js';
import { modelSpecSchema, type ModelSpec } from '../src/domain/model-spec.js';
import { createReferenceBuilder } from '../src/modules/references/reference-builder.js';
import { createReferenceLoader } from '../src/modules/references/reference-loader.js';
import { referencesStore } from '../src/modules/references/references.store.js';
import { storedRow } from '../src/modules/references/traffic.store.js';
import { createFoldService } from '../src/modules/tiles/fold.service.js';
import { foldStore } from '../src/modules/tiles/fold.store.js';
import { maintenanceStore } from '../src/modules/tiles/maintenance.store.js';
import { createQuarantine } from '../src/modules/tiles/quarantine.js';
import { quarantineStore } from '../src/modules/tiles/quarantine.store.js';
import { createTileMaintenance } from '../src/modules/tiles/tiles.maintenance.js';
import { createTilesService } from '../src/modules/tiles/tiles.service.js';
import { tilesStore } from '../src/modules/tiles/tiles.store.js';
import { createWindowCache } from '../src/modules/tiles/window-cache.js';
import type { PredictionRow } from '../src/modules/ingest/ingest.validator.js';
import { evaluateFromValues } from '../src/stats/evaluation/raw-backend.js';
import {
  RawCategorical,
  RawNumerical,
  rawParts,
  type RawTraffic,
} from '../src/stats/evaluation/raw-parts.js';
import type { EventRow } from '../src/stats/core/read.js';
import { seededRandom, type Random } from '../tests/helpers/random.js';
import { BENCH_SPEC, benchEvents } from './fold/events.js';
import { scipyWindow, type RawSide } from './evaluation/scipy-window.js';
import { fmt, median, timed } from './timing.js';
import { emptyTraffic, foldEventRow } from '../src/stats/core/traffic.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PER_MINUTE = Number(process.env.EVENTS_PER_MINUTE ?? 1_000);
const REFERENCE_ROWS = 50_000;
const HOUR = 3_600_000;
const log = createLogger('silent');

const spread = (ms: number[]) =>
  `median ${fmt(median(ms))} ms, ${fmt(ms[0]!)}–${fmt(ms[ms.length - 1]!)} (${ms.length} runs)`;

/** Bench rows as event rows, with an outcome for one in three (as the fold bench labels them). */
function typedRows(spec: ModelSpec, rng: Random, rows: PredictionRow[]): EventRow[] {
  return rows.map((r, i) =>
    storedRow(spec, {
      prediction_id: r.predictionId,
      ts: new Date(r.tsMs),
      features: JSON.parse(r.features) as Record<string, unknown>,
      prediction: JSON.parse(r.prediction) as unknown,
      score: r.score,
      scores: null,
      actual: i % 3 === 0 ? (rng.uniform() < r.score! ? 1 : 0) : null,
    }),
  );
}

async function main(pool: Pool): Promise<void> {
  await migrate(pool);
  const spec = modelSpecSchema.parse(BENCH_SPEC);
  await pool.query(`INSERT INTO models (id, name, task, spec) VALUES ('bench', 'bench', $1, $2)`, [
    spec.task,
    JSON.stringify(spec),
  ]);
  const rng = seededRandom(7);
  const transaction = <T>(fn: (c: PoolClient) => Promise<T>) => withTransaction(pool, fn);

  // Reference: 50 minutes of bench events, built (exact profiles + summaries) and stored.
  const referenceRows = Array.from({ length: REFERENCE_ROWS / 1000 }, (_, m) =>
    benchEvents(rng, `r${m}`, m * 60_000, 1000),
  ).flatMap((rows) => typedRows(spec, rng, rows));
  const built = await timed(1, async () => {
    const builder = createReferenceBuilder(spec, REFERENCE_ROWS);
    for (const row of referenceRows) builder.add(row);
    const ref = builder.build();
    await transaction(async (db) => {
      const saved = await referencesStore.insert(db, {
        modelId: 'bench',
        modelVersion: null,
        source: 'rows',
        range: null,
        task: spec.task,
        rows: ref.rows,
        labelled: ref.labelled,
        profiles: ref.profiles,
        cbpe: ref.cbpe,
        performance: ref.performance,
        createdBy: 'bench',
      });
      await referencesStore.insertSummaries(db, saved.id, ref.summaries);
    });
  });
  console.log(
    `reference of ${fmt(REFERENCE_ROWS)} rows × 20 features: built and stored in ${spread(built.ms)}`,
  );

  // Two hours of traffic, ending two hours ago, folded into minute tiles and compacted: the first
  // is the window evaluated; the second is what windows sliding past it read.
  const ingest = createIngestStore(pool);
  const folds = createFoldService({ transaction, store: foldStore, tileSeconds: 60 });
  const hour = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
  const windowRows: EventRow[] = [];
  for (let m = 0; m < 120; m++) {
    const rows = benchEvents(rng, `w${m}`, hour + m * 60_000, PER_MINUTE);
    if (m < 60) windowRows.push(...typedRows(spec, rng, rows).map((r) => ({ ...r, actual: null })));
    await ingest.ensurePartitions(rows.map((r) => r.tsMs));
    const [batch] = await ingest.commitPredictions('bench', null, [
      { rows, duplicatesBefore: 0, rejected: 0 },
    ]);
    await folds.foldBatch({ batchId: batch!.batchId, modelId: 'bench', kind: 'predictions' });
  }
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
  await tasks.compactAll();

  const cache = createWindowCache(64 * 1024 * 1024);
  const evaluations = (withCache: boolean) =>
    createEvaluationService({
      pool,
      store: evaluationStore,
      references: createReferenceLoader({ db: pool, store: referencesStore }),
      models: {
        get: async () => ({
          id: 'bench',
          spec,
          schemaVersion: 1,
          createdAt: '',
          updatedAt: '',
          archivedAt: null,
          lifecycle: { status: 'production', changedBy: null, changedAt: null },
        }),
      },
      source: tilesWindowSource(
        createTilesService({
          transaction,
          store: tilesStore,
          quarantine,
          tileSeconds: 60,
          ...(withCache ? { cache } : {}),
        }),
      ),
      windows: [{ name: '1h', seconds: 3600 }],
      statusWindow: '1h',
      performanceDrop: 0.1,
    });
  const [cold, cached] = [evaluations(false), evaluations(true)];
  const end = new Date(hour + HOUR);
  const events = `${fmt(60 * PER_MINUTE)} events`;
  await cold.evaluateWindow('bench', '1h', end); // the reference loaded and the nulls drawn
  const fromMinutes = await timed(5, () => cold.evaluateWindow('bench', '1h', end));
  console.log(`evaluate 1 h (${events}) from 60 minute tiles, cold: ${spread(fromMinutes.ms)}`);
  await cached.evaluateWindow('bench', '1h', end);
  const warm = await timed(5, () => cached.evaluateWindow('bench', '1h', end));
  console.log(`evaluate 1 h (${events}) from 60 minute tiles, warm: ${spread(warm.ms)}`);
  // Windows ending 1, 2, … 20 minutes later, each read once: cold, then through the cache.
  const slides = Array.from({ length: 20 }, (_, k) => new Date(hour + HOUR + (k + 1) * 60_000));
  const slide = async (service: typeof cold) => {
    const ms: number[] = [];
    for (const at of slides)
      ms.push((await timed(1, () => service.evaluateWindow('bench', '1h', at))).ms[0]!);
    return ms.sort((a, b) => a - b);
  };
  const slidingCold = await slide(cold);
  console.log(`evaluate 1 h sliding by a minute, cold:             ${spread(slidingCold)}`);
  const before = cache.stats();
  const sliding = await slide(cached);
  const after = cache.stats();
  console.log(
    `evaluate 1 h sliding by a minute, window cache:     ${spread(sliding)}; ` +
      `blocks reused ${fmt(after.hits - before.hits)}, merged ${fmt(after.misses - before.misses)} ` +
      `(${fmt(after.entries)} cached, ${(after.bytes / 1024 / 1024).toFixed(1)} MB)`,
  );
  await tasks.maintain();
  const fromHour = await timed(5, () => cold.evaluateWindow('bench', '1h', end));
  console.log(`evaluate 1 h (${events}) from 1 hour tile:           ${spread(fromHour.ms)}`);

  const fold = (rows: EventRow[]) => {
    const columns = emptyTraffic(spec, rawParts);
    for (const row of rows) foldEventRow(spec, columns, row);
    return columns;
  };
  const [referenceColumns, windowColumns] = [fold(referenceRows), fold(windowRows)];
  const exact = await timed(1, () => evaluateFromValues(spec, referenceColumns, windowColumns));
  console.log(`exact evaluation of the same rows (raw arrays, in memory): ${spread(exact.ms)}`);
  const raw = (c: RawTraffic): RawSide => ({
    numerical: [...c.features.flatMap((f) => (f instanceof RawNumerical ? [f.values] : [])), c.score.values],
    categorical: c.features.flatMap((f) => (f instanceof RawCategorical ? [f.counts] : [])),
  });
  const scipy = scipyWindow(raw(referenceColumns), raw(windowColumns));
  if ('skipped' in scipy) console.log(`SciPy: skipped (${scipy.skipped})`);
  else {
    console.log(
      `SciPy on the raw values of the same window (16 numerical columns: ks_2samp, wasserstein_distance, PSI and JS over deciles; 5 categorical: chi2_contingency, JS): ${fmt(scipy.ms)} ms`,
    );
    console.log(
      `1 h window from minute tiles vs SciPy on its raw values, this run: cold ${(scipy.ms / median(fromMinutes.ms)).toFixed(1)}× faster (the issue's figure, goal ≥ 300×); ` +
        `warm ${(scipy.ms / median(warm.ms)).toFixed(1)}×; sliding by a minute with the window cache ${(scipy.ms / median(sliding)).toFixed(1)}× ` +
        `(cold ${(scipy.ms / median(slidingCold)).toFixed(1)}×); from the hour tile ${(scipy.ms / median(fromHour.ms)).toFixed(1)}×`,
    );
  }
}

const database = `mw_bench_eval_${randomBytes(4).toString('hex')}`;
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
await admin(`CREATE DATABASE ${database}`);
const url = new URL(SERVER);
url.pathname = `/${database}`;
const pool = createPool(url.toString());
try {
  await main(pool);
} finally {
  // DROP … WITH (FORCE) terminates any connection still open; an idle client's error reaches
  // the pool's 'error' event, which would otherwise end the process after the figures.
  pool.on('error', () => undefined);
  await pool.end();
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
