import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { installRedisServer } from './install-redis.js';
import { freePort, pidAlive, stopPid, waitUntil } from './local-process.js';

/** A throwaway `redis-server` we spawn when no Redis is configured, plus the PING probe. */

/** True when a Redis at `url` answers PING with PONG (a password-protected one does not). */
export function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''), () => socket.write('PING\r\n'));
  });
}

const SEARCH_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `redis-server` on `searchPath` (a PATH-style list) or in the usual system and Homebrew places. */
export function findRedisServer(searchPath: string): string | undefined {
  const dirs = [...searchPath.split(delimiter).filter(Boolean), ...SEARCH_DIRS];
  return dirs.map((dir) => join(dir, 'redis-server')).find(isExecutable);
}

// Each spawned server leaves `<port>.json` naming it and its owner, so that a server orphaned by
// a killed run (its owner gone) is stopped by the next run instead of living until reboot.
function reapOrphans(dir: string, log: (line: string) => void): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const path = join(dir, file);
    try {
      const { pid, owner } = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; owner: number };
      if (pidAlive(owner)) continue;
      if (pidAlive(pid) && isRedisServer(pid)) {
        log(`stopping redis-server pid ${pid} left running by an earlier run`);
        process.kill(pid, 'SIGTERM');
      }
      rmSync(path, { force: true });
      rmSync(path.replace(/\.json$/, '.log'), { force: true });
    } catch {
      rmSync(path, { force: true });
    }
  }
}

function isRedisServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return false; // no /proc (macOS): never signal a pid we cannot identify
  }
}

export interface LocalRedis {
  url: string;
  /** The server's process (chaos tests kill it to play a crash). */
  pid: number;
  stop(): Promise<void>;
}

export interface LocalRedisOptions {
  /** Holds the state files (and any dump Redis insists on writing). */
  dir: string;
  /** PATH to search for redis-server. */
  searchPath: string;
  /** Install redis-server with apt-get when missing (only ever done as root on Debian/Ubuntu). */
  allowInstall: boolean;
  log: (line: string) => void;
  /** Listen here rather than on a free port the kernel picks (a restart on the same address). */
  port?: number;
}

export async function startLocalRedis({
  dir,
  searchPath,
  allowInstall,
  log,
  port: wanted,
}: LocalRedisOptions): Promise<LocalRedis> {
  const binary =
    findRedisServer(searchPath) ?? (allowInstall ? await installRedisServer(log, searchPath) : undefined);
  if (!binary) {
    throw new Error(
      'redis-server not found: install Redis (apt-get install redis-server / brew install redis) or set REDIS_URL',
    );
  }
  mkdirSync(dir, { recursive: true });
  reapOrphans(dir, log);
  const port = wanted ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  // BullMQ needs keys never evicted; nothing else to configure for a throwaway server.
  args.push('--dir', dir, '--maxmemory-policy', 'noeviction', '--loglevel', 'warning');
  // A session of its own, so that Ctrl-C in a terminal (which signals the terminal's process group)
  // does not stop it under the service still shutting down; stop() ends it afterwards. Its output
  // goes to a file: a pipe to us would break once we exit.
  const logFile = join(dir, `${port}.log`);
  args.push('--logfile', logFile);
  const child = spawn(binary, args, { stdio: 'ignore', detached: true });
  child.unref();
  const output = { text: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '') };
  let exited = false;
  child.once('exit', () => (exited = true));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const url = `redis://127.0.0.1:${port}`;
  const started = Date.now();
  const ready = waitUntil(
    async () => exited || (await pingRedis(url, 200)),
    10_000,
    `redis-server on port ${port}`,
  );
  await Promise.race([ready, spawnError]).catch((err: unknown) => {
    throw new Error(`redis-server did not start: ${(err as Error).message}\n${output.text()}`, {
      cause: err,
    });
  });
  if (exited || child.pid === undefined) throw new Error(`redis-server exited at start:\n${output.text()}`);
  const pid = child.pid;
  const stateFile = join(dir, `${port}.json`);
  writeFileSync(stateFile, JSON.stringify({ pid, owner: process.pid }));
  log(`started redis-server on port ${port} (${Date.now() - started} ms)`);
  return {
    url,
    pid,
    stop: async () => {
      await stopPid(pid, 'SIGTERM', 5_000);
      rmSync(stateFile, { force: true });
      rmSync(logFile, { force: true });
    },
  };
}
