import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** Database-level statements the test helpers need; each opens and closes its own connection. */

export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
}

/**
 * Drops `name` if it exists. pg's pool.end() resolves before its sockets close, so we first give
 * sessions a moment to leave by themselves (a session killed by FORCE makes its client emit an
 * error), then FORCE out any that remain (Postgres 13 and later).
 */
export async function dropDatabase(client: pg.Client, name: string, graceMs = 2_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    if (!rows[0]?.n || Date.now() > deadline) break;
    await sleep(20);
  }
  await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
}

export async function databasesLike(client: pg.Client, prefix: string): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname`,
    [prefix],
  );
  return rows.map((r) => r.datname);
}
