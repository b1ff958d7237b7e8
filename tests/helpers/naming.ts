import { randomBytes } from 'node:crypto';

/**
 * How a test run names what it creates, so that its teardown, and the janitor of later runs,
 * can find it: run id `<pid>_<epoch ms>` of the process that ran the global setup; template
 * database `mw_tpl_<runId>`; per-file databases `mw_t_<runId>_<random>`; Redis keys under
 * `mwtest:<runId>:`. Kept free of vitest imports: the global setup runs outside the test workers.
 */

export const TEMPLATE_PREFIX = 'mw_tpl_';
export const DATABASE_PREFIX = 'mw_t_';
export const REDIS_ROOT = 'mwtest';

/** What the global setup hands to every test file through vitest's provide/inject. */
declare module 'vitest' {
  export interface ProvidedContext {
    mwDatabaseUrl: string;
    mwRedisUrl: string;
    mwTemplateDatabase: string;
    mwRunId: string;
  }
}

export function newRunId(now = Date.now()): string {
  return `${process.pid}_${now}`;
}

/** The pid and start time encoded in a database name or key of some run, if it is one of ours. */
export function parseRunId(name: string): { pid: number; startedAt: number } | undefined {
  const match = /(?:^|[_:])(\d+)_(\d{13})(?:_|:|$)/.exec(name);
  if (!match) return undefined;
  return { pid: Number(match[1]), startedAt: Number(match[2]) };
}

export function randomSuffix(): string {
  return randomBytes(5).toString('hex');
}
