import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/lib/embedded-postgres.js';
import { ensureDatabase, withDatabase } from '../../src/lib/local-postgres.js';
import { freePort, pidAlive, waitUntil } from '../../src/lib/local-process.js';
import { startLocalRedis, type LocalRedis } from '../../src/lib/local-redis.js';
import { createPool } from '../../src/lib/db.js';
import { migrate } from '../../src/lib/migrate.js';
import { randomSuffix } from './naming.js';

/**
 * A Redis and a Postgres of a test's own, for the chaos suite to kill and restart: never the
 * run's shared servers, which every other test file uses. Each listens on a free port of its own,
 * keeps its files in a temporary directory, and is stopped and removed after the file's tests.
 */

const cleanups = new Set<() => Promise<void>>();

afterAll(async () => {
  await Promise.all([...cleanups].map((cleanup) => cleanup()));
});

const quiet = () => undefined;

export interface PrivateRedis {
  url: string;
  /** SIGKILL: the server dies as in a crash, with everything it held. */
  kill(): Promise<void>;
  /** Starts an empty server again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-chaos-redis-'));
  const port = await freePort();
  const start = () =>
    startLocalRedis({ dir, searchPath: process.env.PATH ?? '', allowInstall: false, log: quiet, port });
  let server: LocalRedis | undefined = await start();
  const close = async () => {
    cleanups.delete(close);
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(close);
  return {
    url: server.url,
    async kill() {
      const { pid } = server!;
      server = undefined;
      process.kill(pid, 'SIGKILL');
      await waitUntil(() => !pidAlive(pid), 10_000, `redis-server pid ${pid} to die`);
    },
    async restart() {
      server = await start();
    },
    close,
  };
}

export interface PrivatePostgres {
  /** A migrated database `modelwatch` on the server. */
  url: string;
  /** A fast shutdown (SIGINT): open transactions are rolled back, clients are disconnected. */
  stop(): Promise<void>;
  /** Starts the server again on the same port, with its data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function privatePostgres(): Promise<PrivatePostgres> {
  // Not mkdtemp: as root, Postgres runs as the OS user `postgres`, who must be able to enter it.
  const dir = join(tmpdir(), `mw-chaos-pg-${randomSuffix()}`);
  const port = await freePort();
  const start = () => startEmbeddedPostgres(dir, quiet, { port });
  let server: EmbeddedPostgres | undefined;
  const close = async () => {
    cleanups.delete(close);
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.users`, { recursive: true, force: true });
  };
  cleanups.add(close);
  server = await start();
  await ensureDatabase(server.url, 'modelwatch');
  const url = withDatabase(server.url, 'modelwatch');
  const pool = createPool(url, 1);
  await migrate(pool).finally(() => pool.end());
  return {
    url,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server = await start();
    },
    close,
  };
}
