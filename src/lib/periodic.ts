import type { Logger } from 'pino';

export interface PeriodicTask {
  name: string;
  /** Starts the loop; the returned function stops it and resolves once a run in progress has ended. */
  start(): () => Promise<void>;
}

export interface PeriodicTaskOptions {
  /**
   * Offered each failure first; a truthy return means it was reported elsewhere (a dependency
   * outage, which the health tracker logs once) and needs no line of its own.
   */
  absorb?: (err: unknown) => unknown;
}

/**
 * Runs `run` now and then every `intervalMs` after the previous run ends, so runs never overlap
 * and a slow run delays the next instead of stacking up. A failed run is logged and retried later.
 */
export function periodicTask(
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  log: Logger,
  { absorb }: PeriodicTaskOptions = {},
): PeriodicTask {
  return {
    name,
    start() {
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let current: Promise<void> = Promise.resolve();
      const tick = () => {
        current = run()
          .then(
            () => undefined,
            (err: unknown) => {
              if (!absorb?.(err)) log.warn({ task: name, err }, 'background task run failed');
            },
          )
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      tick();
      return async () => {
        stopped = true;
        clearTimeout(timer);
        await current;
      };
    },
  };
}
