// npm run bench:fleet — evaluation cost as the fleet grows (issue 13 item 5). For each N of
// --models (default 10,100,1000): N models of 20 features (15 numerical, 5 categorical; binary
// with scores; bench/fold's model), each with a reference and a day of minute and hour tiles
// written before the run (bench/fleet/backfill.ts), then 1 event/s per model posted through the
// API (one batch a minute per model, outcomes for one in five) to `modelwatch serve`, and
// `modelwatch worker` as its own process with the default settings (windows 5m,1h,24h; the
// processors and periodic tasks of src/pipeline.ts). Once every model has been evaluated in every window, and --warmup seconds (default 60) more, CPU is
// counted for --minutes (default 10, one slot of the 24h window): the worker's (/proc/<pid>/stat: user + system, all its
// threads) and the Postgres backends of the worker's connections (postgres-cpu.ts).
//   npm run bench:fleet -- --models 10,100 --minutes 1 [--profile dir: the worker under --cpu-prof]
//   [--versions 2: one event in ten from a canary, so both versions are live and evaluated apart
//    (default 1: one version, a fleet's steady state)] [--segments K: a declared `region` segment
//    of K values, carried by every event; the backfilled day has their slices too]
// DATABASE_URL (a server where a scratch database may be created) and REDIS_URL: default local.
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import pg from 'pg';
import { modelSpecSchema } from '../src/domain/model-spec.js';
import { cpuSeconds } from './ingest/cpu.js';
import { backfillTemplate, cloneTemplate, dayOfTiles } from './fleet/backfill.js';
import { postgresCpu } from './fleet/postgres-cpu.js';
import { startFleet, WORKER_APP, type Fleet } from './fleet/processes.js';
import { startTraffic } from './fleet/traffic.js';
import { SEGMENT_KEY, type Slicing } from './fleet/slicing.js';
import { BENCH_SPEC } from './fold/events.js';
import { referenceRows } from './pipeline/exact.js';
import { until } from './timing.js';
import { featurePool } from './ingest/events.js';
import { seededRandom } from '../tests/helpers/random.js';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: '10,100,1000' },
    minutes: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '60' },
    profile: { type: 'string' },
    'warmup-limit': { type: 'string', default: '1200' },
    versions: { type: 'string', default: '1' },
    segments: { type: 'string', default: '0' },
  },
});
const SIZES = args.models.split(',').map(Number);
const MEASURE_MS = Number(args.minutes) * 60_000;
const WARMUP_MS = Number(args.warmup) * 1000;
const WARMUP_LIMIT_MS = Number(args['warmup-limit']) * 1000;
const PER_MINUTE = 60;
const slicing: Slicing = { versions: args.versions === '2' ? 2 : 1, segmentValues: Number(args.segments) };
const modelSpec = {
  ...BENCH_SPEC,
  ...(slicing.segmentValues > 0
    ? { segments: [{ key: SEGMENT_KEY, maxValues: slicing.segmentValues }] }
    : {}),
};
const spec = modelSpecSchema.parse(modelSpec);
const env = process.env;

async function api(f: Fleet, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${f.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** Reference rows with the fold bench's feature names (bench/pipeline's rows, renamed). */
function reference() {
  const rng = seededRandom(3);
  return referenceRows(featurePool(2_000, 9), rng.uniform).map((r) => {
    const features: Record<string, number | string> = {};
    for (let f = 0; f < 15; f++)
      features[`f${f}`] =
        f % 3 === 0 ? Math.round(30 + 10 * rng.normal()) : 1_000 * f + rng.normal() * (f + 1);
    for (let c = 0; c < 5; c++) features[`c${c}`] = `cat${rng.integer(0, 10 * (c + 1))}`;
    return { ...r, features };
  });
}

interface Run {
  models: number;
  seconds: number;
  worker: number;
  postgres: number;
  api: number;
  evaluations: Record<string, number>;
  /** Stored evaluations of segment values and versions, per window. */
  sliceEvaluations: Record<string, number>;
  stalest5m: number;
}

async function runFleet(n: number): Promise<Run> {
  const fleet = await startFleet(
    env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    {},
  );
  const db = new pg.Pool({ connectionString: fleet.databaseUrl, max: 3 });
  try {
    const ids = Array.from({ length: n }, (_, i) => `fleet-${String(i).padStart(4, '0')}`);
    const t0 = Date.now();
    await api(fleet, 'PUT', `/v1/models/${ids[0]}`, { ...modelSpec, name: ids[0] });
    await api(fleet, 'PUT', `/v1/models/${ids[0]}/reference`, { rows: reference() });
    await backfillTemplate(db, ids[0]!, dayOfTiles(spec, Date.now(), PER_MINUTE, slicing));
    await cloneTemplate(db, ids[0]!, ids);
    const { rows } = await db.query<{ mb: string }>(`SELECT pg_total_relation_size('tiles') / 1e6 AS mb`);
    console.log(
      `  N=${n}: models, references and a day of tiles written in ${((Date.now() - t0) / 1000).toFixed(0)} s (tiles ${Number(rows[0]!.mb).toFixed(0)} MB)`,
    );

    const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
    const workerPid = fleet.startWorker(profile);
    const traffic = startTraffic({
      url: fleet.apiUrl,
      apiKey: fleet.apiKey,
      models: ids,
      perMinute: PER_MINUTE,
      slicing,
    });
    const pgCpu = postgresCpu(db, WORKER_APP);
    // Warm-up: until every model has evaluations of two windows (5m and 1h: the 24h window waits
    // for its 10-minute slot). First evaluations draw the noise model's nulls per feature and
    // window size, once per reference's values (here shared: the models are clones), a cost of
    // its own, printed apart; then --warmup seconds more. --minutes should be a multiple of 10
    // so that the interval holds the 24h window's slots in proportion.
    const warm = await until(WARMUP_LIMIT_MS, async () => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT model_id FROM evaluations GROUP BY model_id
          HAVING count(DISTINCT window_name) >= 2) x`,
      );
      return Number(rows[0]!.n) >= n;
    });
    const warmCpu = cpuSeconds(workerPid) ?? NaN;
    console.log(
      `  every model evaluated in 5m and 1h after ${((Date.now() - t0) / 1000).toFixed(0)} s${warm ? '' : ' (NOT ALL within the limit)'}: ` +
        `${(warmCpu / n).toFixed(1)} worker CPU s per model so far (first evaluations)`,
    );
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    await pgCpu.reset();
    const start = { at: Date.now(), worker: cpuSeconds(workerPid) ?? 0, api: cpuSeconds(fleet.apiPid) ?? 0 };
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    const seconds = (Date.now() - start.at) / 1000;
    const worker = (cpuSeconds(workerPid) ?? NaN) - start.worker;
    const apiCpu = (cpuSeconds(fleet.apiPid) ?? NaN) - start.api;
    await pgCpu.stop();
    const counts = await db.query<{ window_name: string; n: string }>(
      `SELECT window_name, count(*) AS n FROM evaluations WHERE evaluated_at >= $1 GROUP BY window_name`,
      [new Date(start.at)],
    );
    const sliceCounts = await db.query<{ window_name: string; n: string }>(
      `SELECT window_name, count(*) AS n FROM slice_evaluations WHERE evaluated_at >= $1 GROUP BY window_name`,
      [new Date(start.at)],
    );
    const stale = await db.query<{ s: number | null }>(
      `SELECT extract(epoch FROM now() - min(latest)) AS s FROM (
         SELECT m.id, max(e.evaluated_at) AS latest FROM models m
         LEFT JOIN evaluations e ON e.model_id = m.id AND e.window_name = '5m' GROUP BY m.id) x`,
    );
    await traffic.stop();
    return {
      models: n,
      seconds,
      worker,
      postgres: pgCpu.seconds(),
      api: apiCpu,
      evaluations: Object.fromEntries(counts.rows.map((r) => [r.window_name, Number(r.n)])),
      sliceEvaluations: Object.fromEntries(sliceCounts.rows.map((r) => [r.window_name, Number(r.n)])),
      stalest5m: Number(stale.rows[0]?.s ?? NaN),
    };
  } finally {
    await db.end();
    await fleet.close();
  }
}

console.log(
  `fleet benchmark: N models × 20 features, ${PER_MINUTE} events a minute each, default windows, ${slicing.versions} version(s) live, ${slicing.segmentValues} segment values; warm-up ${WARMUP_MS / 1000} s, ` +
    `measured ${MEASURE_MS / 60_000} min; Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
);
const runs: Run[] = [];
for (const n of SIZES) {
  const r = await runFleet(n);
  runs.push(r);
  const perModelMinute = (s: number) => ((s / r.seconds) * 60) / n;
  console.log(
    `N=${n}: worker ${perModelMinute(r.worker).toFixed(4)} CPU s per model per minute (${(r.worker / r.seconds).toFixed(2)} cores), ` +
      `Postgres (worker's backends) ${perModelMinute(r.postgres).toFixed(4)} (${(r.postgres / r.seconds).toFixed(2)} cores), ` +
      `API ${perModelMinute(r.api).toFixed(4)}; evaluations stored in the interval ${JSON.stringify(r.evaluations)} ` +
      `and of slices ${JSON.stringify(r.sliceEvaluations)}; ` +
      `stalest 5m evaluation ${r.stalest5m.toFixed(0)} s old${r.worker / r.seconds > 0.9 ? ' (worker saturated: figures are a floor)' : ''}`,
  );
}
// Worker CPU s per minute ≈ a + b·N: fitted on the two largest runs, so fixed work (periodic
// tasks, schedulers) is not charged to each model; one core is 60 CPU s per minute.
if (runs.length >= 2) {
  const [x, y] = runs.slice(-2);
  const perMin = (r: Run) => (r.worker / r.seconds) * 60;
  const b = (perMin(y!) - perMin(x!)) / (y!.models - x!.models);
  const a = perMin(x!) - b * x!.models;
  console.log(
    `worker CPU s per minute ≈ ${a.toFixed(2)} + ${b.toFixed(4)} × N (fitted on N=${x!.models} and N=${y!.models}): ` +
      `one worker core keeps up with about ${Math.floor((60 - a) / b)} models (linear extrapolation; valid only if the largest run was not saturated)`,
  );
}
