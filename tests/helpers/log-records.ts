import { pino, type Logger } from 'pino';
import { REDACT_PATHS } from '../../src/lib/logger.js';

export interface RecordingLogger {
  log: Logger;
  records: Record<string, unknown>[];
  /** The records with this message whose fields include `fields`. */
  logged(msg: string, fields?: Record<string, unknown>): Record<string, unknown>[];
}

/**
 * A pino logger that keeps its records, parsed, for a test to read; with the service's
 * redaction, so that a test can also check what never reaches a log.
 */
export function recordingLogger(level = 'debug'): RecordingLogger {
  const records: Record<string, unknown>[] = [];
  const log = pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const logged = (msg: string, fields: Record<string, unknown> = {}) =>
    records.filter((r) => r.msg === msg && Object.entries(fields).every(([k, v]) => r[k] === v));
  return { log, records, logged };
}
