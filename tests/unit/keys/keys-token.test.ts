import { describe, expect, it } from 'vitest';
import { generateKey, hashKey, keyId, keyMatches } from '../../../src/modules/keys/keys.token.js';

describe('API key tokens', () => {
  it('hashes with SHA-256', () => {
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    expect(hashKey('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('generates mw_<12 hex>_<43 base64url> keys whose id is the public part', () => {
    const { id, key, hash } = generateKey();
    expect(key).toMatch(/^mw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(keyId(key)).toBe(id);
    // 43 base64url characters decode to the 32 random bytes of the secret.
    expect(Buffer.from(key.slice(16), 'base64url')).toHaveLength(32);
    expect(keyMatches(key, hash)).toBe(true);
  });

  it('never generates the same key twice in a thousand draws', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateKey().key));
    expect(keys.size).toBe(1000);
  });

  it('rejects malformed tokens and a changed secret', () => {
    const { key, hash } = generateKey();
    expect(keyId(`${key}x`)).toBeNull();
    expect(keyId(key.replace('mw_', 'mx_'))).toBeNull();
    expect(keyId('mw_ABCDEF012345_' + 'a'.repeat(43))).toBeNull();
    const changed = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(keyMatches(changed, hash)).toBe(false);
  });
});
