// Cost of resolving an API key per request, with and without the per-replica cache, on a real
// Postgres: `node --import tsx bench/auth.bench.ts` (DATABASE_URL: a server where it may create
// and drop a scratch database; default the local one).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPool } from '../src/lib/db.js';
import { createLogger } from '../src/lib/logger.js';
import { migrate } from '../src/lib/migrate.js';
import { createKeyAuthenticator } from '../src/modules/keys/keys.auth.js';
import { createKeyStore } from '../src/modules/keys/keys.store.js';
import { generateKey } from '../src/modules/keys/keys.token.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = 20_000;
const CONCURRENCY = 32;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function run(label: string, authenticate: (token: string) => Promise<unknown>, token: string) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const t0 = performance.now();
        if (!(await authenticate(token))) throw new Error('key rejected');
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(3);
  console.log(
    `${label.padEnd(22)} ${Math.round(REQUESTS / seconds)
      .toString()
      .padStart(8)} lookups/s   p50 ${p(0.5)} ms   p99 ${p(0.99)} ms`,
  );
}

const name = `mw_bench_auth_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${name}`);
const pool = createPool(SERVER.replace(/\/[^/]*$/, `/${name}`), 10);
try {
  await migrate(pool);
  const store = createKeyStore();
  const key = generateKey();
  await store.insert(pool, {
    id: key.id,
    name: 'bench',
    secretHash: key.hash,
    scopes: ['ingest'],
    modelIds: null,
    createdBy: 'bench',
  });
  const log = createLogger('silent');
  console.log(`${REQUESTS} authentications, ${CONCURRENCY} concurrent, pool of 10`);
  for (const [label, cacheTtlMs] of [
    ['no cache (every call)', 0],
    ['10 s cache', 10_000],
  ] as const) {
    const auth = createKeyAuthenticator({ bootstrapKey: undefined, db: pool, store, log, cacheTtlMs });
    await run(label, auth.authenticate, key.key);
    await auth.drain();
  }
} finally {
  await pool.end();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
