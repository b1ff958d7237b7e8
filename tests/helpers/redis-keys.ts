import type { Redis } from 'ioredis';

/** Redis key clean-up shared by the global setup and the test files (no vitest imports here). */

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Every key matching `pattern`, found with SCAN (never KEYS, which blocks the server). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return [...new Set(keys)];
}

/** Deletes `prefix` and every key under `prefix:`; returns how many were deleted. */
export async function cleanupPrefix(redis: Redis, prefix: string): Promise<number> {
  const keys = await scanKeys(redis, `${escapeGlob(prefix)}:*`);
  keys.push(prefix);
  let deleted = 0;
  for (let i = 0; i < keys.length; i += 500) deleted += await redis.unlink(...keys.slice(i, i + 500));
  return deleted;
}
