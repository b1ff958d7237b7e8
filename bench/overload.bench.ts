// npm run bench:overload [-- --short] — the API at three times its capacity (issue 8, finding 3).
// `modelwatch serve` and `modelwatch worker` run as separate processes on a scratch database
// (bench/pipeline/processes.ts). First the capacity: a closed loop of BENCH_CLIENTS (8) clients
// posting batches of BENCH_BATCH (1,000) events × 20 features for BENCH_CAPACITY_SECONDS (20);
// then an open loop at BENCH_FACTOR (3) × that rate for BENCH_OVERLOAD_SECONDS (60), nothing
// retried. Prints what was sent and answered (resets and timeouts are requests without an HTTP
// answer), the statuses, p50/p99 of accepted requests, peak API RSS, /healthz throughout, the
// time back to normal once the load stops, and accepted = stored, counted in Postgres.
// --short: 8 s of capacity, 15 s of overload. API settings (INGEST_MAX_IN_FLIGHT …) pass through
// from the environment. DATABASE_URL (a server where a scratch database may be created), REDIS_URL.
import { cpus } from 'node:os';
import pg from 'pg';
import { BENCH_SPEC, featurePool } from './ingest/events.js';
import { closeClient, post, type Outcome, type Target } from './overload/client.js';
import { batchOf, closedLoop, openLoop, type Phase } from './overload/load.js';
import { rssBytes, watchApi } from './overload/watch.js';
import { startPipeline, type Pipeline } from './pipeline/processes.js';
import { fmt, median, percentile, until } from './timing.js';

const env = process.env;
const SHORT = process.argv.includes('--short');
const CAPACITY_SECONDS = Number(env.BENCH_CAPACITY_SECONDS ?? (SHORT ? 8 : 20));
const OVERLOAD_SECONDS = Number(env.BENCH_OVERLOAD_SECONDS ?? (SHORT ? 15 : 60));
const FACTOR = Number(env.BENCH_FACTOR ?? 3);
const BATCH = Number(env.BENCH_BATCH ?? 1_000);
const CLIENTS = Number(env.BENCH_CLIENTS ?? 8);
const MODEL = 'bench-overload';
const GOALS = { p99Ms: 2_000, rssBytes: 400 * 1024 * 1024, recoveryMs: 5_000 };
const MB = 1024 * 1024;

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** Statuses with counts; refusals by the reason their problem gives ("503 Too much ingest …: 12"). */
function statusCounts(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.reason ? `${o.status} "${o.reason}"` : String(o.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([s, n]) => `${s}: ${fmt(n)}`).join(', ');
}

const latencies = (outcomes: Outcome[], status: number) =>
  sorted(outcomes.filter((o) => o.status === status).map((o) => o.ms));

/**
 * Back to normal: after the last overload request is sent, a lone batch every 100 ms until one is
 * answered 202 within twice the idle median. The time from that last send to its answer.
 */
async function recovery(
  phase: Phase,
  from: number,
  idleMs: number,
): Promise<{ ms: number; probes: Outcome[] }> {
  const probes: Outcome[] = [];
  for (let seq = 0; Date.now() - from < 120_000; seq++) {
    const o = await post(phase.target, batchOf(phase, seq));
    probes.push(o);
    if (o.status === 202 && o.ms <= 2 * idleMs) return { ms: o.answeredAt - from, probes };
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ms: NaN, probes };
}

/** The API's event-loop delay since its last scrape (prom-client resets it on each). */
async function eventLoopLag(apiUrl: string): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    p99: value('modelwatch_nodejs_eventloop_lag_p99_seconds'),
    max: value('modelwatch_nodejs_eventloop_lag_max_seconds'),
  };
}

async function stored(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM predictions WHERE model_id = $1',
    [MODEL],
  );
  return Number(rows[0]!.n);
}

async function main(p: Pipeline): Promise<void> {
  const db = new pg.Pool({ connectionString: p.databaseUrl, max: 2 });
  const target: Target = { url: p.apiUrl, apiKey: p.apiKey, modelId: MODEL };
  const pool = featurePool(5_000);
  const phase = (client: number): Phase => ({ target, client, batch: BATCH, pool });
  const all: Outcome[] = [];
  try {
    const res = await fetch(`${p.apiUrl}/v1/models/${MODEL}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_SPEC),
    });
    if (!res.ok) throw new Error(`registering the model: ${res.status} ${await res.text()}`);
    console.log(
      `overload benchmark: batches of ${fmt(BATCH)} events × 20 features; API and worker as separate processes; ` +
        `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
    );

    // Warm up (JIT, the model's validators, partitions), then a lone batch's time when idle.
    const idle: Outcome[] = [];
    for (let seq = 0; seq < 8; seq++) idle.push(await post(target, batchOf(phase(0), seq)));
    all.push(...idle);
    const idleMs = median(sorted(idle.slice(3).map((o) => o.ms)));

    const capacity = await closedLoop(phase(1), CLIENTS, CAPACITY_SECONDS);
    all.push(...capacity);
    const perSecond = capacity.filter((o) => o.status === 202).length / CAPACITY_SECONDS;
    const capLat = latencies(capacity, 202);
    console.log(
      `\ncapacity  closed loop, ${CLIENTS} clients, ${CAPACITY_SECONDS} s: ${perSecond.toFixed(1)} batches/s (${fmt(perSecond * BATCH)} events/s); ` +
        `answered p50 ${fmt(percentile(capLat, 50))} ms, p99 ${fmt(percentile(capLat, 99))} ms; ${statusCounts(capacity)}; a lone batch when idle: ${fmt(idleMs)} ms`,
    );
    await until(120_000, async () => {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM ingest_batches WHERE model_id = $1 AND folded_at IS NULL',
        [MODEL],
      );
      return Number(rows[0]!.n) === 0;
    });

    await eventLoopLag(p.apiUrl); // starts the event-loop figures afresh
    const rssBefore = rssBytes(p.apiPid);
    const watch = watchApi(p.apiUrl, p.apiPid);
    const rate = FACTOR * perSecond;
    const t0 = Date.now();
    const open = await openLoop(phase(2), rate, OVERLOAD_SECONDS);
    const sentSeconds = (open.lastSentAt - t0) / 1000;
    const back = await recovery(phase(3), open.lastSentAt, idleMs);
    const overload = await open.answers;
    const seen = await watch.stop();
    const lag = await eventLoopLag(p.apiUrl);
    all.push(...overload, ...back.probes);

    const answered = overload.filter((o) => typeof o.status === 'number').length;
    const noAnswer = overload.length - answered;
    const acc = latencies(overload, 202);
    const refused = sorted(overload.filter((o) => o.status === 503 || o.status === 429).map((o) => o.ms));
    const p99 = percentile(acc, 99);
    console.log(
      `\noverload  open loop at ${FACTOR}× = ${rate.toFixed(1)} batches/s for ${OVERLOAD_SECONDS} s (all sent in ${sentSeconds.toFixed(1)} s), nothing retried`,
    );
    console.log(
      `  sent ${fmt(overload.length)}, answered ${fmt(answered)}, without an answer ${fmt(noAnswer)} (resets and timeouts); ${statusCounts(overload)}`,
    );
    console.log(
      `  accepted (202) ${fmt(acc.length)} = ${(acc.length / OVERLOAD_SECONDS).toFixed(1)} batches/s: answered p50 ${fmt(percentile(acc, 50))} ms, ` +
        `p99 ${fmt(p99)} ms, max ${fmt(acc[acc.length - 1] ?? NaN)} ms (goal p99 ≤ ${fmt(GOALS.p99Ms)} ms: ${mark(p99 <= GOALS.p99Ms)})`,
    );
    console.log(
      `  refused (503/429) answered p50 ${fmt(percentile(refused, 50))} ms, p99 ${fmt(percentile(refused, 99))} ms`,
    );
    console.log(
      `  API RSS ${fmt(rssBefore / MB)} MB before, peak ${fmt(seen.peakRss / MB)} MB (goal ≤ ${fmt(GOALS.rssBytes / MB)} MB: ${mark(seen.peakRss <= GOALS.rssBytes)})`,
    );
    console.log(
      `  API CPU ${seen.cpu.api.toFixed(1)} s in ${seen.cpu.seconds.toFixed(0)} s (${fmt((100 * seen.cpu.api) / seen.cpu.seconds)}% of a core); machine load average ${seen.cpu.loadAverage.toFixed(1)} on ${cpus().length} CPUs`,
    );
    console.log(
      `  API event loop delay over the run (prom-client): p99 ${fmt(lag.p99 * 1000)} ms, max ${fmt(lag.max * 1000)} ms`,
    );
    console.log(
      `  /healthz every 250 ms: ${fmt(seen.health.ok)} of ${fmt(seen.health.sent)} answered 200, slowest ${fmt(seen.health.maxMs)} ms`,
    );
    console.log(
      `  back to normal (a lone batch answered 202 within 2 × ${fmt(idleMs)} ms) ${fmt(back.ms)} ms after the last request was sent ` +
        `(goal ≤ ${fmt(GOALS.recoveryMs)} ms: ${mark(back.ms <= GOALS.recoveryMs)}; ${back.probes.length} probes)`,
    );

    const accepted = all.reduce((n, o) => n + o.accepted, 0);
    const inDb = await stored(db);
    console.log(
      `\nnothing lost: ${fmt(accepted)} events answered as accepted, ${fmt(inDb)} stored in Postgres (${accepted === inDb ? 'equal' : 'DIFFERENT'}); ` +
        `every request answered: ${noAnswer === 0 ? 'yes' : 'NO'}`,
    );
  } finally {
    await db.end();
    closeClient();
  }
}

const pipeline = await startPipeline(
  env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  { EVALUATION_WINDOWS: '5m,1h' },
);
try {
  await main(pipeline);
} finally {
  await pipeline.close();
}
