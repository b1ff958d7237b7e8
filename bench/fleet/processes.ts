import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { generateKeyEntry } from '../../src/lib/secret-box/index.js';
import { adminQuery, CLI, waitForUrl, withDatabase } from '../ingest/target.js';

/**
 * `modelwatch serve` at once and `modelwatch worker` when asked (after the fleet is set up), each
 * its own process on a scratch database and queue prefix. Each role's Postgres connections carry
 * its name (PGAPPNAME), so that Postgres CPU can be told apart by role (postgres-cpu.ts).
 */
export interface Fleet {
  apiUrl: string;
  apiKey: string;
  database: string;
  databaseUrl: string;
  apiPid: number;
  startWorker(nodeArgs?: string[]): number;
  close(): Promise<void>;
}

export const WORKER_APP = 'mw-fleet-worker';

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function startFleet(
  serverUrl: string,
  redisUrl: string,
  settings: Record<string, string>,
): Promise<Fleet> {
  const database = `mw_bench_fleet_${randomBytes(4).toString('hex')}`;
  const prefix = `{mwfleet-${randomBytes(4).toString('hex')}}`;
  const apiKey = `mw_bench${randomBytes(16).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, database);
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: generateKeyEntry('bench'),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: apiKey,
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'info',
    ...settings,
  };
  const api = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...env, PGAPPNAME: 'mw-fleet-api' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const apiUrl = await waitForUrl(api);
  let worker: ChildProcess | undefined;
  return {
    apiUrl,
    apiKey,
    database,
    databaseUrl,
    apiPid: api.pid!,
    startWorker(nodeArgs = []) {
      worker = spawn(process.execPath, [...nodeArgs, CLI, 'worker'], {
        env: { ...env, PGAPPNAME: WORKER_APP, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      return worker.pid!;
    },
    async close() {
      await Promise.all([stop(api), stop(worker)]);
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
