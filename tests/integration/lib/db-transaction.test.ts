/**
 * The one transaction helper (src/lib/db.ts withTransaction, issue 13 item 2): rollback on error,
 * a single statement without BEGIN, and the retry of a deadlock victim, provoked for real: two
 * transactions lock two rows in opposite orders, and Postgres aborts one of them (SQLSTATE 40P01).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type PoolClient } from '../../../src/lib/db.js';
import { hasSqlState } from '../../../src/lib/pg-errors.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 4 });
  await db.pool.query('CREATE TABLE tx_probe (id text PRIMARY KEY, n int NOT NULL DEFAULT 0)');
  await db.pool.query("INSERT INTO tx_probe (id) VALUES ('a'), ('b')");
  // Detect the deadlock at once rather than after the default second.
  await db.pool.query(`ALTER DATABASE "${db.name}" SET deadlock_timeout = '50ms'`);
});

const count = async (id: string) =>
  (await db.pool.query<{ n: number }>('SELECT n FROM tx_probe WHERE id = $1', [id])).rows[0]!.n;

/** Two transactions that each lock one row, wait for the other to do the same, then lock the other's. */
async function crossLocks(attempts: number) {
  let calls = 0;
  let arrived = 0;
  let release!: () => void;
  const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
  const lockInOrder = (first: string, second: string) => async (client: PoolClient) => {
    calls++;
    await client.query('UPDATE tx_probe SET n = n + 1 WHERE id = $1', [first]);
    if (++arrived === 2) release();
    await bothHoldOne;
    await client.query('UPDATE tx_probe SET n = n + 1 WHERE id = $1', [second]);
  };
  const results = await Promise.allSettled([
    withTransaction(db.pool, lockInOrder('a', 'b'), { attempts }),
    withTransaction(db.pool, lockInOrder('b', 'a'), { attempts }),
  ]);
  return { calls, results };
}

describe('withTransaction', () => {
  it('runs a deadlock victim again when attempts allow, so both transactions commit once', async () => {
    const [a, b] = [await count('a'), await count('b')];
    const { calls, results } = await crossLocks(3);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(calls).toBe(3); // the victim ran twice
    expect([await count('a'), await count('b')]).toEqual([a + 2, b + 2]);
  });

  it('gives the deadlock to the caller without attempts, and rolls the victim back', async () => {
    const [a, b] = [await count('a'), await count('b')];
    const { calls, results } = await crossLocks(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(hasSqlState((rejected[0] as PromiseRejectedResult).reason, '40P01')).toBe(true);
    expect(calls).toBe(2);
    expect([await count('a'), await count('b')]).toEqual([a + 1, b + 1]);
  });

  it('rolls back everything on any other error, and does not retry it', async () => {
    let calls = 0;
    const failing = withTransaction(
      db.pool,
      async (client) => {
        calls++;
        await client.query("INSERT INTO tx_probe (id) VALUES ('c')");
        throw new Error('boom');
      },
      { attempts: 3 },
    );
    await expect(failing).rejects.toThrow('boom');
    expect(calls).toBe(1);
    expect((await db.pool.query("SELECT 1 FROM tx_probe WHERE id = 'c'")).rowCount).toBe(0);
  });

  it('with begin: false, runs each statement on its own: one that succeeded stays', async () => {
    const alone = withTransaction(
      db.pool,
      async (client) => {
        await client.query("INSERT INTO tx_probe (id) VALUES ('d')");
        throw new Error('after the statement');
      },
      { begin: false },
    );
    await expect(alone).rejects.toThrow('after the statement');
    expect((await db.pool.query("SELECT 1 FROM tx_probe WHERE id = 'd'")).rowCount).toBe(1);
  });
});
