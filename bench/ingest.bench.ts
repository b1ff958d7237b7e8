// npm run bench:ingest — N clients post batches of 1000 events × 20 features to the ingest API for
// BENCH_SECONDS, then the same rows go into the same tables without HTTP (the service's store path,
// the path it replaced, and COPY straight into predictions: the database's limit), and the ratio of
// durable ingest to COPY is printed (issue 13 item 6: goal ≥ 0.5), with where the time goes: CPU
// per event of the API process and of Postgres (from /proc, during each phase), the API's steps
// timed in this process on the same bodies, and the store path's statements on one connection.
//
// Settings (environment): BENCH_CLIENTS (8), BENCH_SECONDS (30), BENCH_BATCH (1000), BENCH_GZIP (0|1),
// BENCH_URL + BENCH_API_KEY + BENCH_DATABASE_URL to aim at a running instance (else one is started
// on a free port against a fresh database on DATABASE_URL's server and REDIS_URL, with
// BENCH_API_NODE_ARGS given to its node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { batchBody, batchRows, featurePool } from './ingest/events.js';
import { countCpu, type CpuUse } from './ingest/cpu.js';
import { printBreakdown } from './ingest/report.js';
import { copyStraight, loadRate, previousStorePath, storeRate } from './ingest/loaders.js';
import { remoteTarget, startLocalTarget, type Target } from './ingest/target.js';

const env = process.env;
const CLIENTS = Number(env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(env.BENCH_SECONDS ?? 30);
const BATCH = Number(env.BENCH_BATCH ?? 1000);
const GZIP = env.BENCH_GZIP === '1';
const WARMUP_SECONDS = 3;

const pool = featurePool(5_000);

interface HttpRun {
  accepted: number;
  requests: number;
  seconds: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
  peakRssBytes: number;
  bodyBytes: number;
}

async function rss(target: Target): Promise<number> {
  const text = await (await fetch(`${target.url}/metrics`)).text();
  const match = /^modelwatch_process_resident_memory_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?(?:e\+\d+)?)/m.exec(
    text,
  );
  return match ? Number(match[1]) : NaN;
}

async function postBatches(target: Target, seconds: number, clientBase: number): Promise<HttpRun> {
  const run: HttpRun = {
    accepted: 0,
    requests: 0,
    seconds,
    latenciesMs: [],
    statuses: {},
    peakRssBytes: 0,
    bodyBytes: 0,
  };
  const headers: Record<string, string> = {
    authorization: `Bearer ${target.apiKey}`,
    'content-type': 'application/json',
    ...(GZIP ? { 'content-encoding': 'gzip' } : {}),
  };
  const url = `${target.url}/v1/models/${target.modelId}/predictions`;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const sampler = setInterval(() => {
    void rss(target).then((bytes) => (run.peakRssBytes = Math.max(run.peakRssBytes, bytes || 0)));
  }, 1000);
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let seq = 0; performance.now() < deadline; seq++) {
        const json = batchBody({ client: clientBase + c, seq, size: BATCH }, pool);
        const body = GZIP ? gzipSync(json) : json;
        run.bodyBytes = body.length;
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body });
        const reply = (await res.json()) as { accepted?: number };
        run.latenciesMs.push(performance.now() - t0);
        run.statuses[res.status] = (run.statuses[res.status] ?? 0) + 1;
        run.requests++;
        run.accepted += reply.accepted ?? 0;
        // A refused request (admission's 503) waits Retry-After, as a client should: retrying at
        // once only spends CPU on bodies that are refused again.
        const retryAfter = Number(res.headers.get('retry-after') ?? 0);
        if (res.status === 503 && retryAfter > 0) {
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(retryAfter * 1000, deadline - performance.now())),
          );
        }
      }
    }),
  );
  clearInterval(sampler);
  run.seconds = (performance.now() - started) / 1000;
  run.peakRssBytes = Math.max(run.peakRssBytes, await rss(target));
  return run;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** CPU microseconds per event, by side: where the work goes, whatever else runs on the machine. */
function cpuLine(cpu: CpuUse, events: number): string {
  const us = (seconds: number) => (Number.isNaN(seconds) ? 'n/a' : ((seconds * 1e6) / events).toFixed(1));
  const total = cpu.postgres + (Number.isNaN(cpu.api) ? 0 : cpu.api) + cpu.client;
  return `CPU µs/event: postgres ${us(cpu.postgres)}, API ${us(cpu.api)}, bench client ${us(cpu.client)}, total ${us(total)}`;
}

async function main(): Promise<void> {
  const target = env.BENCH_URL
    ? await remoteTarget(env.BENCH_URL, env.BENCH_API_KEY ?? '', env.BENCH_DATABASE_URL ?? '')
    : await startLocalTarget(
        env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
        env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean),
      );
  const db = new pg.Pool({ connectionString: target.databaseUrl, max: CLIENTS });
  const database = target.database ?? new URL(target.databaseUrl).pathname.slice(1);
  try {
    console.log(
      `ingest benchmark: ${CLIENTS} clients × batches of ${BATCH} events (18 numerical + 2 categorical features)` +
        `${GZIP ? ', gzip' : ''}, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
    );
    await postBatches(target, WARMUP_SECONDS, 1_000);
    const httpCpu = countCpu(database, target.apiPid);
    const http = await postBatches(target, SECONDS, 0);
    const httpUse = httpCpu();
    const sorted = [...http.latenciesMs].sort((a, b) => a - b);
    const httpRate = http.accepted / http.seconds;
    console.log(`\nHTTP ingest (${target.url})`);
    console.log(
      `  accepted events/s   ${fmt(httpRate)}  (${fmt(http.accepted)} events, ${(http.requests / http.seconds).toFixed(1)} requests/s)`,
    );
    console.log(
      `  batch latency       p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
    console.log(
      `  statuses            ${JSON.stringify(http.statuses)}; body ${fmt(http.bodyBytes / 1024)} KiB per request`,
    );
    console.log(`  API RSS (peak)      ${(http.peakRssBytes / 1024 / 1024).toFixed(0)} MiB`);
    console.log(`  ${cpuLine(httpUse, http.accepted)}`);

    // The same number of rows, with new ids, through each path without HTTP.
    const count = Math.max(BATCH, Math.round(http.accepted / BATCH) * BATCH);
    const batches = (base: number) =>
      Array.from({ length: count / BATCH }, (_, seq) =>
        batchRows({ client: base, seq, size: BATCH }, pool, Date.now()).sort((a, b) =>
          a.predictionId < b.predictionId ? -1 : 1,
        ),
      );
    console.log(`\nthe same ${fmt(count)} rows without HTTP, ${CLIENTS} connections, ${BATCH}-row batches`);
    const phases: [string, (rows: ReturnType<typeof batches>) => Promise<number>][] = [
      ['store path (ids + batch row, COPY)', (b) => storeRate(db, target.modelId, b, CLIENTS)],
      [
        'previous store path (ids, COPY, batch row)',
        (b) => loadRate(db, target.modelId, b, CLIENTS, previousStorePath),
      ],
      [
        'COPY straight into predictions (no dedup)',
        (b) => loadRate(db, target.modelId, b, CLIENTS, copyStraight),
      ],
    ];
    const rates: number[] = [];
    const pgCpu: number[] = [];
    for (const [i, [name, run]] of phases.entries()) {
      const rows = batches(9_001 + i);
      const cpu = countCpu(database, target.apiPid);
      const rate = await run(rows);
      const use = cpu();
      console.log(`  ${name.padEnd(44)} ${fmt(rate).padStart(8)} rows/s   ${cpuLine(use, count)}`);
      rates.push(rate);
      pgCpu.push((use.postgres * 1e6) / count);
    }
    const copyRate = rates[2]!;
    console.log(
      `\nratio durable ingest (HTTP) / COPY: ${(httpRate / copyRate).toFixed(2)} (goal ≥ 0.5); ` +
        `store path / COPY ${(rates[0]! / copyRate).toFixed(2)}, previous store path / COPY ${(rates[1]! / copyRate).toFixed(2)}`,
    );
    // Wall-clock rates move with whatever else runs on the machine; CPU per event much less.
    const httpServerCpu =
      ((httpUse.postgres + (Number.isNaN(httpUse.api) ? 0 : httpUse.api)) * 1e6) / http.accepted;
    console.log(
      `ratio by server CPU per event (COPY's Postgres CPU / durable ingest's Postgres + API CPU): ` +
        `${(pgCpu[2]! / httpServerCpu).toFixed(2)} (${pgCpu[2]!.toFixed(1)} / ${httpServerCpu.toFixed(1)} µs)`,
    );

    await printBreakdown({
      db,
      modelId: target.modelId,
      pool,
      batch: BATCH,
      httpCpu: httpUse,
      accepted: http.accepted,
      pgCpu: { store: pgCpu[0]!, copy: pgCpu[2]! },
    });
  } finally {
    await db.end();
    await target.close();
  }
}

await main();
