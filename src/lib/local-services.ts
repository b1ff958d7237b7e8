import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ensureDatabase, findLocalPostgres, redactUrl, withDatabase } from './local-postgres.js';
import { pingRedis, startLocalRedis } from './local-redis.js';

/**
 * "Running anywhere": finds or starts the Postgres and Redis that `npm start`, `npm run demo` and
 * `npm test` need, so that a fresh clone works with only Node.js installed. In order of preference:
 * an explicit DATABASE_URL / REDIS_URL; a server on the standard local port; one we start (the
 * embedded Postgres from the `embedded-postgres` package, a spawned `redis-server`).
 */

export interface EnsureServicesOptions {
  /** Used as given when set; a key present but undefined means none is configured. Default (key absent): DATABASE_URL. */
  databaseUrl?: string | undefined;
  /** As databaseUrl. Default (key absent): REDIS_URL. */
  redisUrl?: string | undefined;
  /** Skip the standard ports and start our own servers. Default: MODELWATCH_LOCAL_SERVICES=1. */
  forceLocal?: boolean;
  /** Created if missing on a server found or started here (never on a configured one), and named in databaseUrl. Default: the maintenance database `postgres`. */
  database?: string;
  /** Holds `postgres/` (the embedded cluster, kept between runs) and `redis/`. Default: `.data` in the project. */
  dataDir?: string;
  /** May install redis-server with apt-get (as root on Debian/Ubuntu only). Default: true. */
  allowInstall?: boolean;
  /** One line per decision. Default: stderr, prefixed "modelwatch: ". */
  log?: (line: string) => void;
}

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  /** Where each came from: the environment, the standard local port, or started by us. */
  postgres: 'configured' | 'local' | 'embedded';
  redis: 'configured' | 'local' | 'spawned';
  /** Stops what this call started (idempotent); servers it only found are left alone. */
  stop(): Promise<void>;
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.data/', import.meta.url));

const stderrLog = (line: string): void => {
  process.stderr.write(`modelwatch: ${line}\n`);
};

type Resolved = Required<Omit<EnsureServicesOptions, 'databaseUrl' | 'redisUrl'>> &
  Pick<EnsureServicesOptions, 'databaseUrl' | 'redisUrl'>;
type Found<K> = { url: string; kind: K; stop(): Promise<void> };
const nothingToStop = async (): Promise<void> => undefined;

async function ensurePostgres(opts: Resolved): Promise<Found<Services['postgres']>> {
  if (opts.databaseUrl) {
    opts.log(`using Postgres at ${redactUrl(opts.databaseUrl)} (DATABASE_URL)`);
    return { url: opts.databaseUrl, kind: 'configured', stop: nothingToStop };
  }
  const local = opts.forceLocal ? undefined : await findLocalPostgres();
  const server = local
    ? { url: local, stop: nothingToStop }
    : await startEmbeddedPostgres(join(opts.dataDir, 'postgres'), opts.log);
  if (local) opts.log(`using Postgres at ${redactUrl(local)}`);
  try {
    if (opts.database === 'postgres') return { ...server, kind: local ? 'local' : 'embedded' };
    await ensureDatabase(server.url, opts.database);
    return { ...server, url: withDatabase(server.url, opts.database), kind: local ? 'local' : 'embedded' };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

async function ensureRedis(opts: Resolved): Promise<Found<Services['redis']>> {
  if (opts.redisUrl) {
    opts.log(`using Redis at ${redactUrl(opts.redisUrl)} (REDIS_URL)`);
    return { url: opts.redisUrl, kind: 'configured', stop: nothingToStop };
  }
  const standard = 'redis://127.0.0.1:6379';
  if (!opts.forceLocal && (await pingRedis(standard))) {
    opts.log(`using Redis at ${standard}`);
    return { url: standard, kind: 'local', stop: nothingToStop };
  }
  const dir = join(opts.dataDir, 'redis');
  const redis = await startLocalRedis({
    dir,
    searchPath: process.env.PATH ?? '',
    allowInstall: opts.allowInstall,
    log: opts.log,
  });
  return { ...redis, kind: 'spawned' };
}

/** Finds or starts Postgres and Redis (in parallel); see the module comment for the order. */
export async function ensureServices(options: EnsureServicesOptions = {}): Promise<Services> {
  const env = process.env;
  const opts: Resolved = {
    // A key given as undefined means "not configured": callers pass their parsed config.
    databaseUrl: 'databaseUrl' in options ? options.databaseUrl : env.DATABASE_URL || undefined,
    redisUrl: 'redisUrl' in options ? options.redisUrl : env.REDIS_URL || undefined,
    forceLocal: options.forceLocal ?? ['1', 'true'].includes(env.MODELWATCH_LOCAL_SERVICES ?? ''),
    database: options.database ?? 'postgres',
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    allowInstall: options.allowInstall ?? true,
    log: options.log ?? stderrLog,
  };
  const [postgres, redis] = await Promise.allSettled([ensurePostgres(opts), ensureRedis(opts)]);
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    await Promise.all([postgres, redis].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    const failed = [postgres, redis].flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    throw failed.length === 1
      ? failed[0]
      : new AggregateError(failed, failed.map((e) => e.message).join('; '));
  }
  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: postgres.value.url,
    redisUrl: redis.value.url,
    postgres: postgres.value.kind,
    redis: redis.value.kind,
    stop: () => (stopping ??= Promise.all([postgres.value.stop(), redis.value.stop()]).then(() => undefined)),
  };
}
