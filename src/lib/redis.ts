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
