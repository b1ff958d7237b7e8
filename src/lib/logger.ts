import { pino, type Logger, type LoggerOptions } from 'pino';

/** Paths never written to logs: credentials in headers, keys and secrets in bodies. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.apiKey',
  '*.key',
  '*.secret',
  '*.password',
  '*.connectionString',
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
