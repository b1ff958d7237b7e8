import type { Redis } from 'ioredis';
import { pidAlive } from '../../src/lib/local-process.js';
import { DATABASE_PREFIX, parseRunId, REDIS_ROOT, TEMPLATE_PREFIX } from './naming.js';
import { databasesLike, dropDatabase, withAdmin } from './pg-admin.js';
import { scanKeys } from './redis-keys.js';

/**
 * A run that is interrupted (Ctrl-C makes vitest exit without its global teardown) leaves its
 * databases and keys behind; the next run removes them. A run counts as gone when it started
 * more than a day ago, or, on a server on this machine, when its process no longer exists.
 * Runs from other worktrees or terminals that are still going are left alone.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '']);

function isGone(name: string, local: boolean, now: number): boolean {
  const run = parseRunId(name);
  if (!run || run.pid === process.pid) return false;
  return now - run.startedAt > DAY_MS || (local && !pidAlive(run.pid));
}

function isLocal(url: string): boolean {
  return LOOPBACK.has(new URL(url).hostname);
}

export async function removeLeftovers(databaseUrl: string, redis: Redis, now = Date.now()): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    const local = isLocal(databaseUrl);
    const names = [
      ...(await databasesLike(client, DATABASE_PREFIX)),
      ...(await databasesLike(client, TEMPLATE_PREFIX)),
    ];
    // Per-file databases first: a template cannot be dropped while copies are being made of it.
    for (const name of names.filter((n) => isGone(n, local, now))) await dropDatabase(client, name);
  });
  const localRedis = isLocal(`redis://${redis.options.host ?? ''}`);
  const stale = (await scanKeys(redis, `${REDIS_ROOT}:*`)).filter((key) => isGone(key, localRedis, now));
  for (let i = 0; i < stale.length; i += 500) await redis.unlink(...stale.slice(i, i + 500));
}
