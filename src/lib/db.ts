import pg from 'pg';

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

/** Runs `fn` in a transaction on one client; rolls back and rethrows on error. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
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
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => {
      broken ??= rollbackErr;
    });
    throw err;
  } finally {
    client.off('error', onError);
    // A broken client is destroyed rather than handed to the next caller.
    client.release(broken);
  }
}

/** A pool or a client inside a transaction: stores take one so that a service decides the transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;
