import pg from 'pg';
import { hasSqlState, isDatabaseUnavailable } from './pg-errors.js';

// Bigint columns (ids, counts) fit in a JS number for this service's lifetime; parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A connection that dies while checked out (Postgres restarted) emits 'error' on its client, and
  // an unheard 'error' event would crash the process. The query in flight fails with it anyway, and
  // the pool drops a client that is no longer queryable when it is released. (An idle client's
  // error still reaches the pool's own 'error' event.)
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export interface TransactionOptions {
  /**
   * Attempts in all. Postgres aborts one of two transactions that deadlock (or, at SERIALIZABLE,
   * conflict); an attempt it aborted so is run again from the start. Default 1: no retry.
   */
  attempts?: number;
  /** False: `fn` runs on one client without BEGIN … COMMIT, for a single statement. Default true. */
  begin?: boolean;
}

const RETRIED_SQLSTATES = ['40P01', '40001']; // deadlock_detected, serialization_failure

/**
 * The one way to run statements together: `fn` on one client, in a transaction; rolled back and
 * rethrown on error, retried when Postgres chose it as a deadlock victim (`attempts`).
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  { attempts = 1, begin = true }: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(pool, fn, begin);
    } catch (err) {
      if (attempt >= attempts || !RETRIED_SQLSTATES.some((code) => hasSqlState(err, code))) throw err;
    }
  }
}

async function runOnce<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin: boolean,
): Promise<T> {
  const client = await pool.connect();
  // A connection that dies while checked out (Postgres restarted, the backend terminated) emits
  // 'error' once its query has failed: remembered, so that the client is destroyed on release.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    if (begin) await client.query('BEGIN');
    const result = await fn(client);
    if (begin) await client.query('COMMIT');
    return result;
  } catch (err) {
    if (isDatabaseUnavailable(err)) broken ??= err as Error;
    else if (begin) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken ??= rollbackErr;
      });
    }
    throw err;
  } finally {
    client.off('error', onError);
    // A broken client is destroyed rather than handed to the next caller.
    client.release(broken);
  }
}

/** A pool or a client inside a transaction: stores take one so that a service decides the transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;
