import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './pg-errors.js';
import { isRedisUnavailable } from './redis.js';

/**
 * Whether Postgres and Redis are reachable, as this process last found them. An outage is logged
 * once when it begins and once when it ends, however many errors it causes in between; while it
 * lasts, a probe looks for the dependency again with a bounded exponential backoff, and listeners
 * (the worker pausing its queues) hear of each change.
 */

export type Dependency = 'postgres' | 'redis';

export interface DependencyHealthOptions {
  log: Logger;
  /** A cheap round trip to each dependency, tried while it is down until one succeeds. */
  probes: Record<Dependency, () => Promise<unknown>>;
  /** First wait before a probe; doubled after each failed probe, up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export type HealthListener = (dependency: Dependency, up: boolean) => void;

export interface DependencyHealth {
  isUp(dependency: Dependency): boolean;
  /** `dependency` failed with `err`: the first failure of an outage logs it and starts probing. */
  down(dependency: Dependency, err: unknown): void;
  /**
   * When `err` says a dependency is unreachable, reports it (as down) and returns which one; the
   * caller then stays quiet about it. Any other error returns undefined.
   */
  absorb(err: unknown): Dependency | undefined;
  /** How long work put aside during an outage should wait: the current probe interval. */
  retryDelayMs(dependency: Dependency): number;
  onChange(listener: HealthListener): void;
  /** Stops probing (shutdown); the state stays as it is. */
  stop(): void;
}

/**
 * Which dependency an error of unknown origin says is unreachable, if any. A bare socket error
 * (ECONNREFUSED) reads as Postgres: node-postgres hands those to callers, while Redis clients turn
 * them into their own errors (a closed connection, an offline refusal) and report the socket's
 * on their 'error' events, whose listeners know the source and call down('redis').
 */
export function unreachableDependency(err: unknown): Dependency | undefined {
  if (isDatabaseUnavailable(err)) return 'postgres';
  if (isRedisUnavailable(err)) return 'redis';
  return undefined;
}

interface Outage {
  since: number;
  errors: number;
  delayMs: number;
  timer: NodeJS.Timeout | undefined;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createDependencyHealth({
  log,
  probes,
  minDelayMs = 250,
  maxDelayMs = 5_000,
}: DependencyHealthOptions): DependencyHealth {
  const outages = new Map<Dependency, Outage>();
  const listeners: HealthListener[] = [];
  let stopped = false;

  const notify = (dependency: Dependency, up: boolean) => {
    for (const listener of listeners) listener(dependency, up);
  };

  function recovered(dependency: Dependency, outage: Outage): void {
    outages.delete(dependency);
    const downForMs = Date.now() - outage.since;
    log.info({ dependency, downForMs, errors: outage.errors }, 'dependency reachable again');
    notify(dependency, true);
  }

  function scheduleProbe(dependency: Dependency, outage: Outage): void {
    if (stopped) return;
    outage.timer = setTimeout(() => {
      probes[dependency]().then(
        () => {
          if (outages.get(dependency) === outage) recovered(dependency, outage);
        },
        () => {
          outage.delayMs = Math.min(outage.delayMs * 2, maxDelayMs);
          scheduleProbe(dependency, outage);
        },
      );
    }, outage.delayMs);
    // A probe never keeps the process alive on its own.
    outage.timer.unref();
  }

  const health: DependencyHealth = {
    isUp: (dependency) => !outages.has(dependency),
    down(dependency, err) {
      const current = outages.get(dependency);
      if (current) {
        current.errors++;
        return;
      }
      const outage: Outage = { since: Date.now(), errors: 1, delayMs: minDelayMs, timer: undefined };
      outages.set(dependency, outage);
      log.warn({ dependency, err: message(err) }, 'dependency unreachable');
      notify(dependency, false);
      scheduleProbe(dependency, outage);
    },
    absorb(err) {
      const dependency = unreachableDependency(err);
      if (dependency !== undefined) health.down(dependency, err);
      return dependency;
    },
    retryDelayMs: (dependency) => outages.get(dependency)?.delayMs ?? minDelayMs,
    onChange(listener) {
      listeners.push(listener);
    },
    stop() {
      stopped = true;
      for (const outage of outages.values()) clearTimeout(outage.timer);
    },
  };
  return health;
}
