import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { createContainer, type Role } from '../container.js';
import { createLogger } from '../lib/logger.js';
import { migrate } from '../lib/migrate.js';
import { handleShutdown, type ShutdownStep } from '../lib/shutdown.js';
import { resolveConnections } from '../lib/connections.js';
import { startApi } from '../main-api.js';
import { startWorker } from '../main-worker.js';
import { demoAdminKey, demoBanner, runDemoTraffic } from './demo.js';

/** Runs the API, the worker or both until a signal; migrations first. */
export async function runRoles(
  role: Role,
  overrides: Partial<Config> = {},
): Promise<{ url: string | null; log: Logger }> {
  const config: Config = { ...loadConfig(), ...overrides };
  const log = createLogger(config.LOG_LEVEL);
  const connections = await resolveConnections(config, log);
  const container = createContainer(config, role, connections, log);
  // Signals are handled from the start: a SIGTERM while starting runs the steps of what has started
  // so far, then the closing steps, instead of killing the process with nothing closed.
  const closing: ShutdownStep[] = [
    { name: 'close queues, Redis and the pool', run: () => container.close() },
    { name: 'stop local services', run: () => connections.stop() },
  ];
  const steps: ShutdownStep[] = [...closing];
  const started = (more: ShutdownStep[]) => steps.splice(steps.length - closing.length, 0, ...more);
  handleShutdown(steps, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, log });
  await migrate(container.pool, log);
  let url: string | null = null;
  if (role !== 'worker') {
    const api = await startApi(container);
    url = api.url;
    started(api.steps);
  }
  if (role !== 'api') started((await startWorker(container)).steps);
  return { url, log };
}

/** The service with a demo model fed through the public API. */
export async function runDemo(): Promise<void> {
  const config = loadConfig();
  const key = demoAdminKey(config);
  const { url } = await runRoles('all', {
    ADMIN_API_KEY: key,
    LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  });
  const base = (url ?? '').replace('0.0.0.0', '127.0.0.1');
  const stop = await runDemoTraffic(base, key, (line) => process.stdout.write(`${line}\n`));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(demoBanner(base, key));
}

/** Applies the migrations and exits. */
export async function runMigrate(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const connections = await resolveConnections(config, log);
  const container = createContainer(config, 'api', connections, log);
  try {
    const result = await migrate(container.pool, log);
    process.stdout.write(
      `migrations applied: ${result.applied.length} (already applied: ${result.alreadyApplied})\n`,
    );
  } finally {
    await container.close();
    await connections.stop();
  }
}
