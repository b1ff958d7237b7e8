import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ensureServices } from './local-services.js';

export interface ResolvedConnections {
  databaseUrl: string;
  redisUrl: string;
  /** Stops whatever was started locally for this process; a no-op for configured services. */
  stop(): Promise<void>;
}

/**
 * The configured Postgres and Redis; where none is configured, the ones on the standard local
 * ports, else an embedded Postgres and a spawned redis-server (see local-services.ts).
 */
/** `database`: created if missing and used on a server found or started here (not a configured one). */
export async function resolveConnections(
  config: Config,
  log: Logger,
  database = 'modelwatch',
): Promise<ResolvedConnections> {
  const services = await ensureServices({
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    forceLocal: config.MODELWATCH_LOCAL_SERVICES,
    ...(config.MODELWATCH_DATA_DIR ? { dataDir: config.MODELWATCH_DATA_DIR } : {}),
    database,
    log: (line) => log.info(line),
  });
  return { databaseUrl: services.databaseUrl, redisUrl: services.redisUrl, stop: () => services.stop() };
}
