// npm run bench:pipeline — the whole pipeline under steady load: BENCH_EVENTS (1,000,000) prediction
// events × 20 features (18 numerical, 2 categorical) posted through the HTTP API in batches of
// BENCH_BATCH (1,000) at BENCH_RATE events/s (10,000) by up to BENCH_CLIENTS requests in flight (8),
// to `modelwatch serve` and `modelwatch worker` as separate processes, with the default settings
// (windows 5m,1h,24h, the evaluation after a fold debounced by 500 ms; BENCH_WINDOWS and
// BENCH_DEBOUNCE_MS override them). Prints the rate reached, fold
// throughput and lag, freshness (event posted → an evaluation of the 5m window that counts it is
// committed, p50/p99), CPU by process, and a 1-hour window of all the events evaluated from tiles
// (GET …/drift?from&to, on demand) beside the exact evaluation of the same values in memory.
// DATABASE_URL (a server where a scratch database may be created) and REDIS_URL: default local.
import { cpus } from 'node:os';
import pg from 'pg';
import { seededRandom } from '../tests/helpers/random.js';
import { modelSpecSchema } from '../src/domain/model-spec.js';
import { evaluateFromValues } from '../src/stats/evaluation/raw-backend.js';
import { countCpu, cpuSeconds } from './ingest/cpu.js';
import { BENCH_SPEC, featurePool } from './ingest/events.js';
import { evaluationBreakdown } from './pipeline/breakdown.js';
import { postedColumns, referenceColumns, referenceRows } from './pipeline/exact.js';
import { freshness, watchEvaluations } from './pipeline/freshness.js';
import { steadyLoad, type PostedBatch } from './pipeline/load.js';
import { startPipeline, type Pipeline } from './pipeline/processes.js';
import { fmt, median, percentile, timed, until } from './timing.js';

const env = process.env;
const EVENTS = Number(env.BENCH_EVENTS ?? 1_000_000);
const RATE = Number(env.BENCH_RATE ?? 10_000);
const BATCH = Number(env.BENCH_BATCH ?? 1_000);
const CLIENTS = Number(env.BENCH_CLIENTS ?? 8);
/** The service's defaults unless set: windows 5m,1h,24h, the after-fold debounce 500 ms. */
const SETTINGS: Record<string, string> = {
  ...(env.BENCH_WINDOWS ? { EVALUATION_WINDOWS: env.BENCH_WINDOWS } : {}),
  ...(env.BENCH_DEBOUNCE_MS ? { EVALUATION_DEBOUNCE_MS: env.BENCH_DEBOUNCE_MS } : {}),
};
const REFERENCE_ROWS = 20_000;
const MODEL = 'bench-pipeline';
const spec = modelSpecSchema.parse(BENCH_SPEC);

async function api(p: Pipeline, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

async function ingestPhase(p: Pipeline, db: pg.Pool, pool: string[]) {
  const watcher = watchEvaluations(db, MODEL, '5m', 100);
  const cpu = countCpu(p.database, p.apiPid);
  const workerCpu = cpuSeconds(p.workerPid) ?? 0;
  const batches: PostedBatch[] = [];
  const t0 = Date.now();
  const { shed } = await steadyLoad(
    {
      url: p.apiUrl,
      apiKey: p.apiKey,
      modelId: MODEL,
      events: EVENTS,
      batch: BATCH,
      rate: RATE,
      clients: CLIENTS,
      pool,
    },
    (b) => batches.push(b),
  );
  const postSeconds = (Date.now() - t0) / 1000;
  const folded = await until(120_000, async () => {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ingest_batches WHERE model_id = $1 AND folded_at IS NOT NULL`,
      [MODEL],
    );
    return Number(rows[0]!.n) >= batches.length;
  });
  await until(60_000, () => freshness(batches, watcher.sightings).every((ms) => !Number.isNaN(ms)));
  await watcher.stop();
  const use = { ...cpu(), worker: (cpuSeconds(p.workerPid) ?? workerCpu) - workerCpu };
  return { batches, shed, postSeconds, folded, use, fresh: freshness(batches, watcher.sightings) };
}

async function foldFigures(db: pg.Pool) {
  const { rows } = await db.query<{ events: string; first: Date; last: Date; p50: number; p99: number }>(
    `SELECT sum(accepted) AS events, min(folded_at) AS first, max(folded_at) AS last,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM folded_at - received_at)) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM folded_at - received_at)) AS p99
       FROM ingest_batches WHERE model_id = $1 AND folded_at IS NOT NULL`,
    [MODEL],
  );
  const r = rows[0]!;
  return {
    events: Number(r.events),
    seconds: (r.last.getTime() - r.first.getTime()) / 1000,
    p50: r.p50,
    p99: r.p99,
  };
}

async function main(p: Pipeline): Promise<void> {
  const db = new pg.Pool({ connectionString: p.databaseUrl, max: 2 });
  try {
    const pool = featurePool(5_000);
    const reference = referenceRows(featurePool(REFERENCE_ROWS, 7), seededRandom(7).uniform);
    await api(p, 'PUT', `/v1/models/${MODEL}`, BENCH_SPEC);
    await api(p, 'PUT', `/v1/models/${MODEL}/reference`, { rows: reference });
    console.log(
      `pipeline benchmark: ${fmt(EVENTS)} events × 20 features in batches of ${fmt(BATCH)} at a target of ${fmt(RATE)} events/s (${CLIENTS} in flight); ` +
        `API and worker as separate processes; Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
    );
    const run = await ingestPhase(p, db, pool);
    const accepted = run.batches.reduce((n, b) => n + b.accepted, 0);
    const ack = run.batches.map((b) => b.ackedAt - b.sentAt).sort((a, b) => a - b);
    console.log(
      `\ningest   ${fmt(accepted)} events accepted in ${run.postSeconds.toFixed(1)} s: ${fmt(accepted / run.postSeconds)} events/s reached (target ${fmt(RATE)}); ` +
        `batch answered p50 ${fmt(percentile(ack, 50))} ms, p99 ${fmt(percentile(ack, 99))} ms; ${run.shed} answers shed (429/503)`,
    );
    const fold = await foldFigures(db);
    console.log(
      `fold     ${fmt(fold.events)} events in ${fold.seconds.toFixed(1)} s from first to last fold: ${fmt(fold.events / fold.seconds)} events/s; ` +
        `lag (batch committed → folded) p50 ${fold.p50.toFixed(2)} s, p99 ${fold.p99.toFixed(2)} s${run.folded ? '' : ' (NOT ALL FOLDED within 2 minutes)'}`,
    );
    const fresh = run.fresh.filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
    console.log(
      `fresh    event posted → counted by a committed 5m evaluation: p50 ${(percentile(fresh, 50) / 1000).toFixed(2)} s, ` +
        `p99 ${(percentile(fresh, 99) / 1000).toFixed(2)} s, max ${(fresh[fresh.length - 1]! / 1000).toFixed(2)} s (${fresh.length} of ${run.batches.length} batches seen; goal p99 ≤ 2 s)`,
    );
    const perK = (s: number) => ((s * 1000) / accepted).toFixed(2);
    console.log(
      `CPU s per 1,000 events: API ${perK(run.use.api)}, worker ${perK(run.use.worker)}, Postgres ${perK(run.use.postgres)}, bench client ${perK(run.use.client)} ` +
        `(${(run.use.api + run.use.worker + run.use.postgres + run.use.client).toFixed(0)} CPU s in all over ${run.postSeconds.toFixed(0)} s on ${cpus().length} CPUs)`,
    );

    // Let compaction catch up, then one hour ending after the last event, evaluated from tiles.
    await until(30_000, async () => {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM tile_contributions`);
      return Number(rows[0]!.n) === 0;
    });
    const to = new Date(Math.ceil((Date.now() + 1) / 60_000) * 60_000);
    const from = new Date(to.getTime() - 3_600_000);
    const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const tiles = await timed(
      5,
      () => api(p, 'GET', `/v1/models/${MODEL}/drift?${range}`) as Promise<{ window: { events: number } }>,
    );
    const parts = await evaluationBreakdown(db, spec, MODEL, { from, to });
    const built = await timed(1, () => ({
      win: postedColumns(spec, pool, EVENTS, BATCH),
      ref: referenceColumns(spec, reference),
    }));
    const exact = await timed(3, () => evaluateFromValues(spec, built.result.ref, built.result.win));
    console.log(
      `\n1 h window (${fmt(tiles.result.window.events)} events, reference ${fmt(REFERENCE_ROWS)} rows), every measure of every feature, performance and CBPE:`,
    );
    console.log(
      `  from tiles (GET /drift?from&to, on demand, HTTP included)  median ${fmt(median(tiles.ms))} ms  (${tiles.ms.map(fmt).join(', ')})`,
    );
    console.log(
      `  of which, in process: reading and merging ${parts.tiles} minute tiles ${fmt(parts.readMs)} ms, evaluating the merged summaries ${fmt(parts.evaluateMs)} ms`,
    );
    console.log(
      `  exact from the raw arrays in memory (evaluateFromValues)    median ${fmt(median(exact.ms))} ms  (${exact.ms.map(fmt).join(', ')}); ` +
        `building the arrays: ${fmt(built.ms[0]!)} ms more`,
    );
    console.log(
      `  tiles are ${(median(exact.ms) / median(tiles.ms)).toFixed(0)}× faster than exact (goal ≥ 100×), ${((median(exact.ms) + built.ms[0]!) / median(tiles.ms)).toFixed(0)}× counting the arrays`,
    );
  } finally {
    await db.end();
  }
}

const pipeline = await startPipeline(
  env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  SETTINGS,
);
try {
  await main(pipeline);
} finally {
  await pipeline.close();
}
