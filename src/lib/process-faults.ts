import type { Logger } from 'pino';

type FaultEvents = Pick<NodeJS.Process, 'on' | 'exit'>;

/**
 * An exception or a rejection nobody handled still ends the process, as Node does by default,
 * but as one JSON log record rather than a stack trace on stderr, so that log pipelines keep it.
 */
export function logProcessFaults(log: Logger, proc: FaultEvents = process): void {
  const fatal = (msg: string) => (err: unknown) => {
    log.fatal({ err }, msg);
    proc.exit(1);
  };
  proc.on('uncaughtException', fatal('uncaught exception'));
  proc.on('unhandledRejection', fatal('unhandled rejection'));
}
