import type { Logger } from 'pino';
import type { Queryable } from '../../lib/db.js';
import type { Principal } from '../../domain/principal.js';
import type { Authenticate } from '../../http/plugins/auth.js';
import type { KeyCredentials, KeyStore } from './keys.store.js';
import { hashKey, keyId, keyMatches } from './keys.token.js';

/**
 * How long a replica trusts a key it has looked up. Revoking a key drops it from the cache of the
 * replica that served the request at once, and every other replica stops accepting it within
 * this time, when its entry expires: no cross-replica message is needed, and a lookup costs one
 * primary-key read per key per replica every 10 s instead of one per request.
 */
export const KEY_CACHE_TTL_MS = 10_000;
/** last_used_at is written at most this often per key and replica: it is a hint, not a log. */
export const LAST_USED_INTERVAL_MS = 60_000;
/** Only keys that matched are cached, so the cache is bounded by the keys in use; this caps it anyway. */
const MAX_CACHED_KEYS = 10_000;
/**
 * Ids with no usable row (unknown or revoked) are remembered briefly, so a client retrying a bad
 * key costs one lookup per this time, not one per request. A new key cannot be hit by it: its id
 * is random and cannot have been looked up before it existed. Revocation is permanent.
 */
export const MISS_CACHE_TTL_MS = 10_000;
/** Misses are whatever callers send, so their number is capped; the oldest go first. */
export const MAX_CACHED_MISSES = 10_000;

export const BOOTSTRAP_PRINCIPAL: Principal = { keyId: 'bootstrap', scopes: ['admin'], modelIds: null };

export interface KeyAuthenticator {
  authenticate: Authenticate;
  /**
   * Whether the token is the bootstrap key or its id matched on this replica before (its entry
   * may be stale): checking it costs at most one lookup per key and TTL, whoever presents it.
   */
  isKnown(token: string): boolean;
  /** Forgets a key on this replica at once (after it is revoked here). */
  forget(keyId: string): void;
  /** Waits for last-used writes in flight; called before the pool ends. */
  drain(): Promise<void>;
}

export interface KeyAuthenticatorDeps {
  /** ADMIN_API_KEY: an admin key that lives in the configuration, not in the database. */
  bootstrapKey: string | undefined;
  db: Queryable;
  store: Pick<KeyStore, 'findCredentials' | 'touchLastUsed'>;
  log: Pick<Logger, 'warn'>;
  now?: () => number;
  cacheTtlMs?: number;
}

export function createKeyAuthenticator(deps: KeyAuthenticatorDeps): KeyAuthenticator {
  const { db, store, log, now = Date.now, cacheTtlMs = KEY_CACHE_TTL_MS } = deps;
  const bootstrapHash = deps.bootstrapKey ? hashKey(deps.bootstrapKey) : null;
  // Entries stay after they expire (refreshed on next use): they are how isKnown recognises a key.
  const cache = new Map<string, { credentials: KeyCredentials; expiresAt: number }>();
  const misses = new Map<string, number>();
  const lastTouched = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  function remember<V>(map: Map<string, V>, max: number, id: string, value: V): void {
    map.delete(id);
    if (map.size >= max) map.delete(map.keys().next().value!);
    map.set(id, value);
  }

  async function credentials(id: string): Promise<KeyCredentials | null> {
    const hit = cache.get(id);
    if (hit && hit.expiresAt > now()) return hit.credentials;
    const missUntil = misses.get(id);
    if (missUntil !== undefined && missUntil > now()) return null;
    const found = await store.findCredentials(db, id);
    if (found && !found.revoked) {
      misses.delete(id);
      remember(cache, MAX_CACHED_KEYS, id, { credentials: found, expiresAt: now() + cacheTtlMs });
    } else {
      cache.delete(id);
      remember(misses, MAX_CACHED_MISSES, id, now() + MISS_CACHE_TTL_MS);
    }
    return found;
  }

  function recordUse(id: string): void {
    const at = now();
    const last = lastTouched.get(id);
    if (last !== undefined && at - last < LAST_USED_INTERVAL_MS) return;
    lastTouched.set(id, at);
    const write: Promise<void> = store
      .touchLastUsed(db, id)
      .catch((err: unknown) => log.warn({ err, keyId: id }, 'recording API key use failed'))
      .finally(() => pending.delete(write));
    pending.add(write);
  }

  return {
    async authenticate(token) {
      if (bootstrapHash && keyMatches(token, bootstrapHash)) return BOOTSTRAP_PRINCIPAL;
      const id = keyId(token);
      if (!id) return null;
      const found = await credentials(id);
      if (!found || found.revoked || !keyMatches(token, found.secretHash)) return null;
      recordUse(id);
      return { keyId: id, scopes: found.scopes, modelIds: found.modelIds };
    },
    isKnown(token) {
      if (bootstrapHash && keyMatches(token, bootstrapHash)) return true;
      const id = keyId(token);
      return id !== null && cache.has(id);
    },
    forget(id) {
      cache.delete(id);
    },
    async drain() {
      await Promise.all([...pending]);
    },
  };
}
