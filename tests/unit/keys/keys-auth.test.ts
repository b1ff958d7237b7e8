import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_PRINCIPAL,
  createKeyAuthenticator,
  KEY_CACHE_TTL_MS,
  LAST_USED_INTERVAL_MS,
  MAX_CACHED_MISSES,
  MISS_CACHE_TTL_MS,
} from '../../../src/modules/keys/keys.auth.js';
import type { KeyCredentials } from '../../../src/modules/keys/keys.store.js';
import { generateKey } from '../../../src/modules/keys/keys.token.js';

/** A fake store over a map, counting reads and last-used writes; a settable clock. */
function setup(bootstrapKey?: string) {
  const rows = new Map<string, KeyCredentials>();
  const calls = { reads: 0, touches: [] as string[] };
  let clock = 1_000_000;
  const auth = createKeyAuthenticator({
    bootstrapKey,
    db: { query: () => Promise.reject(new Error('the fake store does not query')) } as never,
    store: {
      findCredentials: async (_db, id) => {
        calls.reads += 1;
        const row = rows.get(id);
        return row ? { ...row } : null;
      },
      touchLastUsed: async (_db, id) => {
        calls.touches.push(id);
      },
    },
    log: { warn: () => undefined } as never,
    now: () => clock,
  });
  const add = (scopes: KeyCredentials['scopes'] = ['read'], modelIds: string[] | null = null) => {
    const k = generateKey();
    rows.set(k.id, { id: k.id, secretHash: k.hash, scopes, modelIds, revoked: false });
    return k;
  };
  const revokeInDb = (id: string) => (rows.get(id)!.revoked = true);
  return { auth, calls, add, revokeInDb, advance: (ms: number) => (clock += ms) };
}

describe('key authentication', () => {
  it('accepts the bootstrap key as an unlimited admin without touching the store', async () => {
    const { auth, calls } = setup('mw_bootstrap_0123456789abcdefghij');
    expect(await auth.authenticate('mw_bootstrap_0123456789abcdefghij')).toEqual(BOOTSTRAP_PRINCIPAL);
    expect(await auth.authenticate('mw_bootstrap_0123456789abcdefghiJ')).toBeNull();
    expect(calls.reads).toBe(0);
  });

  it('resolves a stored key to its scopes and models, and rejects a wrong secret even when cached', async () => {
    const { auth, add } = setup();
    const k = add(['ingest'], ['credit-risk']);
    expect(await auth.authenticate(k.key)).toEqual({
      keyId: k.id,
      scopes: ['ingest'],
      modelIds: ['credit-risk'],
    });
    const wrong = `${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await auth.authenticate(wrong)).toBeNull();
  });

  it('reads a key once per TTL, so another replica revoking it takes effect within the TTL', async () => {
    const { auth, calls, add, revokeInDb, advance } = setup();
    const k = add();
    await auth.authenticate(k.key);
    await auth.authenticate(k.key);
    expect(calls.reads).toBe(1);
    revokeInDb(k.id); // as if revoked through another replica
    advance(KEY_CACHE_TTL_MS - 1);
    expect(await auth.authenticate(k.key)).not.toBeNull();
    advance(1);
    expect(await auth.authenticate(k.key)).toBeNull();
    expect(calls.reads).toBe(2);
  });

  it('forgets a key at once when it is revoked on this replica', async () => {
    const { auth, add, revokeInDb } = setup();
    const k = add();
    await auth.authenticate(k.key);
    revokeInDb(k.id);
    auth.forget(k.id);
    expect(await auth.authenticate(k.key)).toBeNull();
  });

  it('writes last use at most once per interval per key', async () => {
    const { auth, calls, add, advance } = setup();
    const a = add();
    const b = add();
    for (let i = 0; i < 5; i += 1) await auth.authenticate(a.key);
    await auth.authenticate(b.key);
    advance(LAST_USED_INTERVAL_MS);
    await auth.authenticate(a.key);
    await auth.drain();
    expect(calls.touches).toEqual([a.id, b.id, a.id]);
  });

  it('never reads the store for a malformed token', async () => {
    const { auth, calls } = setup();
    expect(await auth.authenticate('Bearer nonsense')).toBeNull();
    expect(calls.reads).toBe(0);
  });

  it('looks up an unknown key once per miss TTL, however often it is presented', async () => {
    const { auth, calls, advance } = setup();
    const unknown = generateKey().key;
    for (let i = 0; i < 50; i += 1) expect(await auth.authenticate(unknown)).toBeNull();
    expect(calls.reads).toBe(1);
    advance(MISS_CACHE_TTL_MS);
    await auth.authenticate(unknown);
    expect(calls.reads).toBe(2);
  });

  it('remembers a bounded number of misses, forgetting the oldest first', async () => {
    const { auth, calls } = setup();
    const first = generateKey().key;
    await auth.authenticate(first);
    for (let i = 0; i < MAX_CACHED_MISSES; i += 1) await auth.authenticate(generateKey().key);
    expect(calls.reads).toBe(MAX_CACHED_MISSES + 1);
    await auth.authenticate(first);
    expect(calls.reads).toBe(MAX_CACHED_MISSES + 2);
  });

  it('knows a key that matched on this replica, even once its entry is stale, until it is forgotten', async () => {
    const { auth, add, advance } = setup('mw_bootstrap_0123456789abcdefghij');
    const k = add();
    expect(auth.isKnown(k.key)).toBe(false);
    expect(auth.isKnown('mw_bootstrap_0123456789abcdefghij')).toBe(true);
    await auth.authenticate(k.key);
    expect(auth.isKnown(k.key)).toBe(true);
    advance(10 * KEY_CACHE_TTL_MS);
    expect(auth.isKnown(k.key)).toBe(true);
    expect(auth.isKnown(generateKey().key)).toBe(false);
    auth.forget(k.id);
    expect(auth.isKnown(k.key)).toBe(false);
  });
});
