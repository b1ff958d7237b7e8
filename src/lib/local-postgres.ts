import { userInfo } from 'node:os';
import pg from 'pg';
import { isPortOpen } from './local-process.js';

/** Finding a Postgres already on this machine, and preparing a database on one we manage. */

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The URL of a Postgres on 127.0.0.1:`port` that lets us in without a password we would have to
 * guess: as `postgres` (the usual superuser) or as the current OS user (Homebrew's default).
 * Undefined when nothing listens there or neither login works.
 */
export async function findLocalPostgres(port = 5432): Promise<string | undefined> {
  if (!(await isPortOpen(port))) return undefined;
  const users = [...new Set(['postgres', userInfo().username])];
  for (const user of users) {
    const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/postgres`;
    if (await canConnect(url)) return url;
  }
  return undefined;
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Creates `database` on the server at `url` unless it exists (racing creators are fine). */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err: unknown) => {
      // 42P04 duplicate_database: another process created it between our check and our CREATE.
      if ((err as { code?: string }).code !== '42P04') throw err;
    });
  } finally {
    await client.end();
  }
}

/** A URL safe to print: the password, if any, replaced by ***. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
