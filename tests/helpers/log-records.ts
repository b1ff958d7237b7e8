import { pino, type Logger } from 'pino';

/** A pino logger that keeps its records, parsed, for a unit test to read. */
export function recordingLogger(): { log: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, records };
}
