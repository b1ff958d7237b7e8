import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createContainer, type Container, type Role } from '../../src/container.js';
import { createLogger } from '../../src/lib/logger.js';
import { migrate } from '../../src/lib/migrate.js';
import type { ModelSpecInput } from '../../src/modules/models/models.schemas.js';

/*
 * Test wiring for the ingest suites: a fresh database per file (migrated), a unique BullMQ prefix,
 * and an app built from a real container. Replace the database part with tests/helpers/db.ts
 * (freshDatabase) once the infrastructure branch lands.
 */

export const SERVER_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_KEY = `mw_${'t'.repeat(8)}${randomBytes(12).toString('hex')}`;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `mw_ingest_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(SERVER_DATABASE_URL, name);
  const pool = new pg.Pool({ connectionString: url });
  await migrate(pool);
  await pool.end();
  return {
    url,
    name,
    async drop() {
      const client = new pg.Client({ connectionString: SERVER_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function uniqueQueuePrefix(): string {
  return `{mwtest-${randomBytes(6).toString('hex')}}`;
}

/** Deletes every key under a BullMQ prefix. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

export function testConfig(env: Record<string, string> = {}): Config {
  const parsed = parseConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  close(): Promise<void>;
}

export async function startTestApp(
  connections: { databaseUrl: string; redisUrl: string },
  env: Record<string, string> = {},
  prepare: (container: Container) => void = () => undefined,
  role: Role = 'api',
): Promise<TestApp> {
  const config = testConfig(env);
  const container = createContainer(config, role, connections, createLogger(config.LOG_LEVEL));
  prepare(container);
  const app = await buildApp(container);
  await app.ready();
  return {
    app,
    container,
    async close() {
      await app.close();
      await container.close();
    },
  };
}

export const auth = { authorization: `Bearer ${ADMIN_KEY}` };

export const CREDIT_SPEC: ModelSpecInput = {
  name: 'Credit risk',
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'income', type: 'numerical', nullable: false },
    { name: 'country', type: 'categorical' },
  ],
  positiveClass: 1,
};

/** Registers a model straight in the table (the registry API is another module's). */
export async function insertModel(
  databaseUrl: string,
  id: string,
  spec: ModelSpecInput = CREDIT_SPEC,
  archived = false,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO models (id, name, task, spec, archived_at) VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)`,
    [id, spec.name, spec.task, JSON.stringify(spec), archived],
  );
  await client.end();
}

export async function queryRows<T extends pg.QueryResultRow>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function predictionEvent(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    predictionId: id,
    timestamp: new Date().toISOString(),
    features: { age: 42, income: 52_000, country: 'NL' },
    prediction: 1,
    score: 0.83,
    ...overrides,
  };
}

/** Resolves once a client's connection is ready (the producer client refuses commands before). */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (redis.status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`Redis not ready after ${timeoutMs} ms (${redis.status})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
