import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { generateKeyEntry } from '../../src/lib/secret-box/index.js';
import { BENCH_SPEC } from './events.js';

/** Where the benchmark sends its requests, and how to tidy up afterwards. */
export interface Target {
  url: string;
  /** The API's process and database name, when this benchmark started them (for CPU accounting). */
  apiPid?: number;
  database?: string;
  apiKey: string;
  databaseUrl: string;
  modelId: string;
  close(): Promise<void>;
}

export const CLI = fileURLToPath(new URL('../../bin/modelwatch.js', import.meta.url));

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

/** The URL `modelwatch serve` (or `all`) logs once its API listens (LOG_LEVEL info). */
export function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"url":"([^"]+)".*"msg":"API listening"/.exec(buffered);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining the request logs
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`modelwatch serve exited with ${code}`)));
  });
}

/**
 * Starts `modelwatch serve` as its own process (so its RSS is the API's alone) on a free port,
 * against a fresh database on the local Postgres and a unique queue prefix on the local Redis.
 */
export async function startLocalTarget(
  serverUrl: string,
  redisUrl: string,
  nodeArgs: string[] = [],
): Promise<Target> {
  const database = `mw_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `{mwbench-${randomBytes(4).toString('hex')}}`;
  const apiKey = `mw_bench${randomBytes(16).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, database);
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SECRETS_KEY: generateKeyEntry('bench'),
      REDIS_URL: redisUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_API_KEY: apiKey,
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await waitForUrl(child);
  const modelId = 'bench-ingest';
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('INSERT INTO models (id, name, task, spec) VALUES ($1, $2, $3, $4)', [
    modelId,
    BENCH_SPEC.name,
    BENCH_SPEC.task,
    JSON.stringify(BENCH_SPEC),
  ]);
  await db.end();
  return {
    url,
    apiPid: child.pid,
    database,
    apiKey,
    databaseUrl,
    modelId,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** A running instance named by BENCH_URL: the model is registered through the API. */
export async function remoteTarget(url: string, apiKey: string, databaseUrl: string): Promise<Target> {
  const modelId = 'bench-ingest';
  const res = await fetch(`${url}/v1/models/${modelId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_SPEC),
  });
  if (!res.ok) throw new Error(`registering the benchmark model failed: ${res.status} ${await res.text()}`);
  return { url, apiKey, databaseUrl, modelId, close: async () => undefined };
}
