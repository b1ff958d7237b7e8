/**
 * The service as `npm run demo` runs it, on a fast clock, listening on a free loopback port with
 * PUBLIC_URL set to it (so the links in delivered alerts open the console), plus the keys the
 * browser tests sign in with: read, admin, and read limited to another model.
 */
import { createServer } from 'node:net';
import { parseConfig } from '../../src/config.js';
import { DEFAULT_DEMO_OPTIONS, type DemoOptions } from '../../src/cli/demo/options.js';
import { DEMO_MODEL_ID } from '../../src/cli/demo/model.js';
import { demoConfig } from '../../src/cli/demo/settings.js';
import { startDemo, type Demo } from '../../src/cli/demo/start.js';
import { startRoles, stopRoles, type RunningRoles } from '../../src/cli/roles.js';
import { freshDatabase } from './db.js';
import type { Redis } from 'ioredis';
import { cleanupPrefix, testRedisUrl, uniquePrefix } from './redis.js';
import { TEST_SECRETS_KEY } from './secrets.js';

const FAST: DemoOptions = {
  ...DEFAULT_DEMO_OPTIONS,
  rate: 60,
  shiftAfterMs: 8_000,
  // The concept drift (status degraded) comes after the tests: they follow the drifting story.
  conceptDriftAfterMs: 600_000,
  outcomeDelayMs: { min: 2_000, max: 5_000 },
  batchEveryMs: 500,
  referenceRows: 2_000,
  pollEveryMs: 1_000,
};

export const OTHER_MODEL = 'fraud-check';

export interface ConsoleWorld {
  base: string;
  modelId: string;
  demo: Demo;
  /** bootstrap: the ADMIN_API_KEY, for the tests' own API calls (it cannot open a session). */
  keys: { bootstrap: string; admin: string; read: string };
  /** The id of a read key limited to OTHER_MODEL: its holder signs in by a login link. */
  otherOnlyKeyId: string;
  /** A /v1 request with a bearer key, as a script would make it. */
  api<T>(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `redis`: the file's testRedis(), to delete this world's queue keys after it. */
export async function startConsoleWorld(redis: Redis): Promise<ConsoleWorld> {
  const adminKey = `mw_test_console_${'x'.repeat(24)}`;
  const prefix = uniquePrefix();
  const db = await freshDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const parsed = parseConfig({
    DATABASE_URL: db.url,
    SECRETS_KEY: TEST_SECRETS_KEY,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_MS: '2000',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config = {
    ...demoConfig(parsed.config, adminKey),
    EVALUATION_INTERVAL_SECONDS: 2,
    EVALUATION_DEBOUNCE_MS: 1_000,
  };
  const running: RunningRoles = await startRoles('all', config);
  const quiet = () => undefined;
  const demo = await startDemo(running, adminKey, FAST, {
    reading: quiet,
    kpis: quiet,
    alert: quiet,
    say: quiet,
  });

  const api: ConsoleWorld['api'] = async (key, method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as never };
  };
  const created = await api(adminKey, 'PUT', `/v1/models/${OTHER_MODEL}`, {
    name: 'Fraud check',
    task: 'binary_classification',
    features: [{ name: 'amount', type: 'numerical' }],
    owner: 'payments',
    riskTier: 'medium',
  });
  if (created.status !== 201) throw new Error(`registering ${OTHER_MODEL}: ${JSON.stringify(created.body)}`);
  const key = async (scopes: string[], models?: string[]) => (await issue(scopes, models)).key;
  const issue = async (scopes: string[], models?: string[]) => {
    const res = await api<{ id: string; key: string }>(adminKey, 'POST', '/v1/api-keys', {
      name: `console ${scopes}`,
      scopes,
      models,
    });
    if (res.status !== 201) throw new Error(`creating a key: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const keys = {
    bootstrap: adminKey,
    admin: await key(['admin']),
    read: await key(['read']),
  };
  const otherOnly = await issue(['read'], [OTHER_MODEL]);
  return {
    base,
    modelId: DEMO_MODEL_ID,
    demo,
    keys,
    otherOnlyKeyId: otherOnly.id,
    api,
    stop: async () => {
      await stopRoles(running);
      await cleanupPrefix(redis, prefix);
    },
  };
}
