import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key reads `mw_<id>_<secret>`: `id` is 12 lowercase hex characters, public, the primary
 * key of its row and what logs and the rate limiter see (`mw_<id>_` is exactly the 16-character
 * prefix they keep); `secret` is 32 random bytes in URL-safe base64 (43 characters, 256 bits).
 */
const KEY_PATTERN = /^mw_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const SECRET_BYTES = 32;

export interface GeneratedKey {
  id: string;
  key: string;
  hash: Buffer;
}

/**
 * SHA-256, not a password hash: the secret carries 256 bits of entropy, so no dictionary or
 * brute force can reach it and a slow, salted hash (bcrypt, scrypt) would only add latency to
 * every request. A leaked hash still cannot be turned back into a usable key.
 */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function generateKey(): GeneratedKey {
  const id = randomBytes(6).toString('hex');
  const key = `mw_${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { id, key, hash: hashKey(key) };
}

/** The public id of a well-formed key, or null: malformed tokens never reach the database. */
export function keyId(token: string): string | null {
  return KEY_PATTERN.exec(token)?.[1] ?? null;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function keyMatches(token: string, storedHash: Buffer): boolean {
  const hash = hashKey(token);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
