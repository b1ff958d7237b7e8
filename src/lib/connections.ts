import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface ResolvedConnections {
  databaseUrl: string;
  redisUrl: string;
  /** Stops whatever was started locally for this process; a no-op for configured services. */
  stop(): Promise<void>;
}

/** The configured Postgres and Redis; local services take over where none is configured (see local-services). */
export async function resolveConnections(config: Config, log: Logger): Promise<ResolvedConnections> {
  const databaseUrl = config.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = config.REDIS_URL ?? 'redis://127.0.0.1:6379';
  log.debug({ redisUrl }, 'using configured services');
  return { databaseUrl, redisUrl, stop: async () => undefined };
}
