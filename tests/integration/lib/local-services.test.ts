import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortOpen } from '../../../src/lib/local-process.js';
import { pingRedis } from '../../../src/lib/local-redis.js';
import { ensureServices, type Services } from '../../../src/lib/local-services.js';
import { testContext } from '../../helpers/context.js';

// CI machines run Postgres and Redis, so the fresh-machine path (embedded Postgres, spawned
// redis-server) would never run there unless a test forces it. It uses a data directory of its
// own, so it pays for initdb (about 1 s) on every run but shares nothing with the developer's.

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

/** The process group of a pid, from /proc/<pid>/stat (the field after state, past the command name). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

describe('ensureServices', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mw-local-services-'));
  // As root, Postgres runs as the OS user postgres, who must be able to enter the directory.
  chmodSync(dataDir, 0o755);
  const lines: string[] = [];
  let started: Services | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts an embedded Postgres and a redis-server when forced, and stop() ends both', async () => {
    started = await ensureServices({
      databaseUrl: undefined,
      redisUrl: undefined,
      forceLocal: true,
      dataDir,
      database: 'mw_probe',
      log: (l) => lines.push(l),
    });
    expect(started.postgres).toBe('embedded');
    expect(started.redis).toBe('spawned');
    expect(new URL(started.databaseUrl).pathname).toBe('/mw_probe');
    expect(await scalar(started.databaseUrl, 'SELECT current_database()')).toBe('mw_probe');
    expect(Number(await scalar(started.databaseUrl, 'SHOW server_version_num'))).toBeGreaterThanOrEqual(
      180000,
    );
    expect(await pingRedis(started.redisUrl)).toBe(true);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(lines.some((l) => l.startsWith('started embedded Postgres 18'))).toBe(true);
    // Issue 9: both run in a process group of their own, so that Ctrl-C in a terminal (sent to the
    // terminal's group) reaches the service alone, which then stops them after its own shutdown.
    const postgresPid = Number(
      readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const redisPort = new URL(started.redisUrl).port;
    const redisPid = (
      JSON.parse(readFileSync(join(dataDir, 'redis', `${redisPort}.json`), 'utf8')) as { pid: number }
    ).pid;
    expect(processGroup(postgresPid)).not.toBe(processGroup(process.pid));
    expect(processGroup(redisPid)).not.toBe(processGroup(process.pid));

    await started.stop();
    expect(await isPortOpen(Number(new URL(started.databaseUrl).port))).toBe(false);
    expect(await pingRedis(started.redisUrl)).toBe(false);
  }, 120_000);

  it('uses configured URLs as given and starts nothing', async () => {
    const { databaseUrl, redisUrl } = testContext();
    const configured = await ensureServices({
      databaseUrl,
      redisUrl,
      forceLocal: true,
      log: () => undefined,
    });
    expect(configured).toMatchObject({ databaseUrl, redisUrl, postgres: 'configured', redis: 'configured' });
    await configured.stop();
    expect(await pingRedis(redisUrl)).toBe(true);
  });
});
