import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { generateKeyEntry } from '../../src/lib/secret-box/index.js';
import { adminQuery, CLI, waitForUrl, withDatabase } from '../ingest/target.js';

/** An API and a worker, each its own process, on a scratch database and queue prefix. */
export interface Pipeline {
  apiUrl: string;
  apiKey: string;
  database: string;
  databaseUrl: string;
  apiPid: number;
  workerPid: number;
  close(): Promise<void>;
}

function spawnRole(role: 'serve' | 'worker', env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts `modelwatch serve`, then `modelwatch worker` (the API applies the migrations), with the
 * same settings, as two replicas of a deployment would run. `settings` are environment variables.
 */
export async function startPipeline(
  serverUrl: string,
  redisUrl: string,
  settings: Record<string, string>,
): Promise<Pipeline> {
  const database = `mw_bench_pipe_${randomBytes(4).toString('hex')}`;
  const prefix = `{mwbench-${randomBytes(4).toString('hex')}}`;
  const apiKey = `mw_bench${randomBytes(16).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, database);
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const env = {
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
  const api = spawnRole('serve', env);
  const apiUrl = await waitForUrl(api);
  const worker = spawnRole('worker', env);
  worker.stdout!.resume();
  return {
    apiUrl,
    apiKey,
    database,
    databaseUrl,
    apiPid: api.pid!,
    workerPid: worker.pid!,
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
