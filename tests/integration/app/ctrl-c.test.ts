import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortOpen } from '../../../src/lib/local-process.js';
import { readOrCreateKeyFile } from '../../../src/lib/secret-box/key-file.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { cleanupPrefix, testRedis, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { TEST_SECRETS_KEY } from '../../helpers/secrets.js';

// Issue 9, first run: Ctrl-C in a terminal sends SIGINT to the terminal's whole process group.
// `modelwatch all` is started here as a terminal starts a job (a process group of its own) and
// the group gets SIGINT, on both paths: configured services, and the fresh-machine path where it
// starts an embedded Postgres and a redis-server itself. Each must end with status 0 (its
// shutdown deadline not reached), print no stack trace and, on the second path, stop the servers
// it started. Before the fix those servers shared the group, died first, and the service printed
// hundreds of ECONNREFUSED traces while it waited out its deadline.

const CLI = fileURLToPath(new URL('../../../bin/modelwatch.js', import.meta.url));

let db: TestDatabase;
const redis = testRedis();
const prefix = uniquePrefix();
const dataDir = mkdtempSync(join(tmpdir(), 'mw-ctrl-c-'));
chmodSync(dataDir, 0o755); // as root, the embedded Postgres runs as the OS user postgres

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(async () => {
  await cleanupPrefix(redis, prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

async function ctrlC(
  env: Record<string, string>,
): Promise<{ code: number | null; ms: number; output: string }> {
  const child = spawn(process.execPath, [CLI, 'all'], {
    detached: true, // its own process group, as a shell gives a foreground job
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('"msg":"API listening"')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`modelwatch all exited before listening:\n${output}`));
    });
  });
  const signalledAt = Date.now();
  process.kill(-child.pid!, 'SIGINT');
  const [code] = (await exited) as [number | null];
  return { code, ms: Date.now() - signalledAt, output };
}

function expectClean(output: string): void {
  expect(output).not.toMatch(/^\s+at /m); // a stack trace
  expect(output).not.toContain('ECONNREFUSED');
  const notJson = output.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
  expect(notJson).toEqual([]);
}

describe('Ctrl-C', () => {
  it('ends modelwatch all cleanly with configured services', { timeout: 120_000 }, async () => {
    const { code, ms, output } = await ctrlC({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      SECRETS_KEY: TEST_SECRETS_KEY,
    });
    console.info(`Ctrl-C, configured services: exited ${code} after ${ms} ms`);
    expect(code, output).toBe(0);
    expectClean(output);
  });

  it(
    'ends modelwatch all cleanly on the fresh-machine path, then stops its servers',
    { timeout: 180_000 },
    async () => {
      // As on a fresh clone where `npm run demo` ran once with services found: the secrets key
      // file created the data directory, 0700. The embedded Postgres (run as the OS user postgres
      // when we are root) must still get through it.
      const projectData = join(dataDir, 'project', '.data');
      mkdirSync(join(dataDir, 'project')); // the clone, 0755
      readOrCreateKeyFile(join(projectData, 'secrets.key'));
      mkdirSync(join(projectData, 'postgres')); // and an empty cluster directory, left by a failed start
      const { code, ms, output } = await ctrlC({
        MODELWATCH_LOCAL_SERVICES: '1',
        MODELWATCH_DATA_DIR: projectData,
        SECRETS_KEY_FILE: join(projectData, 'secrets.key'),
      });
      console.info(`Ctrl-C, local services: exited ${code} after ${ms} ms`);
      expect(code, output).toBe(0);
      expectClean(output);
      const postgresPort = Number(/started embedded Postgres [^ ]+ on port (\d+)/.exec(output)?.[1]);
      const redisPort = Number(/started redis-server on port (\d+)/.exec(output)?.[1]);
      expect(postgresPort).toBeGreaterThan(0);
      expect(redisPort).toBeGreaterThan(0);
      expect(await isPortOpen(postgresPort)).toBe(false);
      expect(await isPortOpen(redisPort)).toBe(false);
    },
  );
});
