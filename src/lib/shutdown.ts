import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  /** `signal`: what started the shutdown (none when called directly). */
  run: (signal?: NodeJS.Signals) => Promise<unknown> | unknown;
}

/**
 * Ordered, bounded shutdown: the steps run one after another on the first SIGTERM or SIGINT,
 * under one deadline; a second signal, or the deadline, exits at once.
 */
export function handleShutdown(
  steps: ShutdownStep[],
  { timeoutMs, log }: { timeoutMs: number; log: Logger },
): (signal?: NodeJS.Signals) => Promise<void> {
  let started: Promise<void> | null = null;
  const shutdown = (signal?: NodeJS.Signals): Promise<void> => {
    started ??= (async () => {
      const deadline = setTimeout(() => {
        log.error({ timeoutMs }, 'shutdown deadline passed; exiting');
        process.exit(1);
      }, timeoutMs);
      deadline.unref();
      for (const step of steps) {
        try {
          await step.run(signal);
          log.info({ step: step.name }, 'shutdown step done');
        } catch (err) {
          log.warn({ step: step.name, err }, 'shutdown step failed');
        }
      }
      clearTimeout(deadline);
    })();
    return started;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    log.info({ signal }, 'shutting down');
    void shutdown(signal).then(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return shutdown;
}
