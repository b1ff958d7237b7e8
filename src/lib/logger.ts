import { pino, type Logger, type LoggerOptions } from 'pino';

/** Field names that hold credentials wherever they appear (channel targets hold every kind). */
const SECRET_FIELDS = [
  'apiKey',
  'key',
  'secret',
  'previousSecret',
  'routingKey',
  'password',
  'connectionString',
  // A channel target (URL, signing secrets, routing key) whole, plain or sealed.
  'target',
  'sealedTarget',
  'plaintextTarget',
  'SECRETS_KEY',
  'ADMIN_API_KEY',
];

/**
 * Paths never written to logs: credentials in headers, and the fields above at the top level and
 * one or two levels down (pino's redaction matches exact paths; `*` is one level).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
