import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../../../src/lib/local-postgres.js';
import { testContext } from '../../../helpers/context.js';
import { eventually } from '../../../helpers/eventually.js';
import { cleanupPrefix, scanKeys, testRedis, testRedisUrl } from '../../../helpers/redis.js';
import { TEST_SECRETS_KEY } from '../../../helpers/secrets.js';

// Issue 9, first run: the demo writes into a database and a Redis prefix of its own
// (`modelwatch_demo`, `{modelwatch_demo}`; here a unique --database so that test runs side by
// side do not meet), never into the service's, and removes both when it stops unless --keep.

const CLI = fileURLToPath(new URL('../../../../bin/modelwatch.js', import.meta.url));
const server = withDatabase(testContext().databaseUrl, 'postgres');
const redis = testRedis();
const kept: string[] = [];

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  for (const name of kept) {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    await cleanupPrefix(redis, `{${name}}`);
  }
  await client.end();
});

/** Runs `modelwatch demo --duration 3` on the test servers; resolves once it has exited. */
async function runDemo(database: string, extra: string[] = []) {
  const child = spawn(process.execPath, [CLI, 'demo', '--duration', '3', '--database', database, ...extra], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: server,
      REDIS_URL: testRedisUrl(),
      SECRETS_KEY: TEST_SECRETS_KEY,
      PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit');
  // While it runs, its database and its queues exist.
  const seen = await eventually(
    async () =>
      (await databaseExists(database)) && (await scanKeys(redis, `{${database}}:*`)).length > 0
        ? true
        : undefined,
    60_000,
    100,
  );
  const [code] = (await exited) as [number | null];
  return { seen, code, output };
}

describe('modelwatch demo', () => {
  it(
    'uses a database and a Redis prefix of its own and removes both when it stops',
    { timeout: 180_000 },
    async () => {
      const database = `mw_demo_${randomBytes(4).toString('hex')}`;
      kept.push(database); // removed in afterAll should the demo fail to
      const { seen, code, output } = await runDemo(database);
      expect(seen).toBe(true);
      expect(code, output).toBe(0);
      expect(await databaseExists(database)).toBe(false);
      expect(await scanKeys(redis, `{${database}}:*`)).toEqual([]);
    },
  );

  it('keeps both with --keep', { timeout: 180_000 }, async () => {
    const database = `mw_demo_${randomBytes(4).toString('hex')}`;
    kept.push(database);
    const { code, output } = await runDemo(database, ['--keep']);
    expect(code, output).toBe(0);
    expect(await databaseExists(database)).toBe(true);
    expect((await scanKeys(redis, `{${database}}:*`)).length).toBeGreaterThan(0);
  });
});
