import { Redis, type RedisOptions } from 'ioredis';

/**
 * Producers fail fast: the API must answer 202 from Postgres even when Redis is away, so its
 * commands are not queued while disconnected. Consumers wait: a worker keeps retrying.
 */
export function createRedis(url: string, role: 'producer' | 'consumer', extra: RedisOptions = {}): Redis {
  const common: RedisOptions = { lazyConnect: false, connectTimeout: 5_000, ...extra };
  return role === 'producer'
    ? new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : new Redis(url, { ...common, maxRetriesPerRequest: null });
}

/** Thrown by our code that needs Redis while its connection is not ready. */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// ioredis: a closed connection, a producer's refusal to queue while offline, retries given up;
// Redis itself: still loading its data set after a restart.
const CLIENT_MESSAGES =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit|LOADING )/;

/**
 * True for the errors of a Redis client that cannot reach its server (a connection refused or
 * lost, a command given up because of it); false for a command Redis refused, or any other error.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && SOCKET_CODES.has(code)) ||
    (typeof message === 'string' && CLIENT_MESSAGES.test(message))
  );
}

/** Resolves once the client is ready, or its attempt to connect has failed (it keeps retrying). */
export function connectionSettled(redis: Redis): Promise<void> {
  if (redis.status === 'ready' || redis.status === 'end') return Promise.resolve();
  return new Promise((resolve) => {
    const settle = () => {
      for (const event of ['ready', 'error', 'end']) redis.off(event, settle);
      resolve();
    };
    for (const event of ['ready', 'error', 'end']) redis.on(event, settle);
  });
}
