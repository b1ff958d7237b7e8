import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { createContainer, type Container, type Role } from '../container.js';
import { createLogger } from '../lib/logger.js';
import { migrate } from '../lib/migrate.js';
import { logProcessFaults } from '../lib/process-faults.js';
import { handleShutdown, type ShutdownStep } from '../lib/shutdown.js';
import { resolveConnections } from '../lib/connections.js';
import { sealAtStartup } from '../modules/alerting/index.js';
import { startApi } from '../main-api.js';
import { startWorker } from '../main-worker.js';

/** Roles started in this process, and the steps that stop them, in order. */
export interface RunningRoles {
  url: string | null;
  /** The Postgres and Redis in use (configured, found or started). */
  databaseUrl: string;
  redisUrl: string;
  log: Logger;
  container: Container;
  /**
   * The live list of shutdown steps: steps are added as parts start; callers may put their own
   * in front (stop producing first). `stopRoles` runs them.
   */
  steps: ShutdownStep[];
}

/**
 * Starts the API, the worker or both; migrations first. `onStarting` sees the step list before
 * anything starts (runRoles hands it to the signal handler, so a signal while starting stops what
 * has started so far).
 */
export async function startRoles(
  role: Role,
  config: Config,
  onStarting: (steps: ShutdownStep[], log: Logger) => void = () => undefined,
  database?: string,
): Promise<RunningRoles> {
  const log = createLogger(config.LOG_LEVEL);
  const connections = await resolveConnections(config, log, database);
  const container = createContainer(config, role, connections, log);
  const closing: ShutdownStep[] = [
    { name: 'close queues, Redis and the pool', run: () => container.close() },
    { name: 'stop local services', run: () => connections.stop() },
  ];
  const steps: ShutdownStep[] = [...closing];
  const started = (more: ShutdownStep[]) => steps.splice(steps.length - closing.length, 0, ...more);
  onStarting(steps, log);
  await migrate(container.pool, log);
  await sealAtStartup(container.alerting.secrets, log);
  let url: string | null = null;
  if (role !== 'worker') {
    const api = await startApi(container);
    url = api.url;
    started(api.steps);
  }
  if (role !== 'api') started((await startWorker(container)).steps);
  return { url, log, container, steps, databaseUrl: connections.databaseUrl, redisUrl: connections.redisUrl };
}

/** Runs the steps in order; a failed step is logged and the next runs (no deadline, no exit). */
export async function stopRoles(running: Pick<RunningRoles, 'steps' | 'log'>): Promise<void> {
  for (const step of running.steps.splice(0)) {
    try {
      await step.run();
    } catch (err) {
      running.log.warn({ step: step.name, err }, 'shutdown step failed');
    }
  }
}

/**
 * Runs the API, the worker or both until a signal. Returns `shutdown`, which runs the same
 * ordered, bounded shutdown as a signal would (the demo's --duration ends with it).
 */
export async function runRoles(
  role: Role,
  overrides: Partial<Config> = {},
  database?: string,
): Promise<RunningRoles & { shutdown: () => Promise<void> }> {
  const config: Config = { ...loadConfig(), ...overrides };
  let shutdown: () => Promise<void> = async () => undefined;
  const running = await startRoles(
    role,
    config,
    (steps, log) => {
      shutdown = handleShutdown(steps, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, log });
      logProcessFaults(log);
    },
    database,
  );
  return { ...running, shutdown };
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
    // Migration 0009 moved channel targets aside in plain text; a release step seals them at once.
    const sealed = await sealAtStartup(container.alerting.secrets, log);
    if (sealed.sealedPlaintext > 0)
      process.stdout.write(`channel targets sealed: ${sealed.sealedPlaintext}\n`);
  } finally {
    await container.close();
    await connections.stop();
  }
}
