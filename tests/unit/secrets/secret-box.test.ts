// The secret box: AES-256-GCM sealing with a keyring (lib/secret-box). Every way a stored value
// can be wrong (another key, another row, altered bytes) must be refused with an error that names
// the key id, never answered with garbage.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSecretBox,
  derivedKeyId,
  generateKeyEntry,
  parseKeyring,
  SecretBoxError,
  type SecretBox,
} from '../../../src/lib/secret-box/index.js';

const newKey = () => randomBytes(32).toString('base64');
const K1 = newKey();
const K2 = newKey();
const boxOf = (secretsKey: string): SecretBox => createSecretBox(() => parseKeyring(secretsKey));

/** The error `fn` throws, to assert on several of its fields. */
function thrown(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SecretBoxError) return err;
    throw err;
  }
  throw new Error('expected a SecretBoxError, got none');
}

/** The sealed value with one base64url character of part `index` (2 iv, 3 ciphertext, 4 tag) changed. */
function altered(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index]!;
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

describe('sealing and opening', () => {
  const box = boxOf(`k1:${K1}`);

  it('opens what it sealed; the stored value names the key and shows nothing of the plaintext', () => {
    const sealed = box.seal('whsec_the-plain-secret', 'alert_channels.sealed_target[ops]');
    expect(sealed).toMatch(/^sb1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('the-plain-secret');
    expect(box.keyIdOf(sealed)).toBe('k1');
    expect(box.open(sealed, 'alert_channels.sealed_target[ops]')).toBe('whsec_the-plain-secret');
  });

  it('draws a new IV for every value, so equal secrets do not look equal', () => {
    const a = box.seal('same', 'c');
    const b = box.seal('same', 'c');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('round-trips any text, and a value opens under its own context only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.string(), (text, context, other) => {
        fc.pre(context !== other);
        const sealed = box.seal(text, context);
        expect(box.open(sealed, context)).toBe(text);
        expect(thrown(() => box.open(sealed, other)).reason).toBe('rejected');
      }),
      { numRuns: 200 },
    );
  });
});

describe('refused values', () => {
  const box = boxOf(`k1:${K1}`);
  const context = 'alert_channels.sealed_target[ops]';
  const sealed = box.seal('routing-key-0001', context);

  it.each([
    ['the IV', 2],
    ['the ciphertext', 3],
    ['the tag', 4],
  ])('a change to %s is refused, naming the key id', (_part, index) => {
    const err = thrown(() => box.open(altered(sealed, index), context));
    expect(err.reason).toBe('rejected');
    expect(err.keyId).toBe('k1');
    expect(err.message).toContain('"k1"');
    expect(err.message).toContain(context);
    expect(err.message).not.toContain('routing-key-0001');
  });

  it("another row's value does not open in this row (the context is bound)", () => {
    const other = box.seal('another-channel-secret', 'alert_channels.sealed_target[other]');
    expect(thrown(() => box.open(other, context)).reason).toBe('rejected');
  });

  it('a value relabelled with another key id the keyring holds is refused', () => {
    const both = boxOf(`k2:${K2},k1:${K1}`);
    const relabelled = sealed.replace(/^sb1\.k1\./, 'sb1.k2.');
    expect(thrown(() => both.open(relabelled, context))).toMatchObject({ reason: 'rejected', keyId: 'k2' });
  });

  it('a shortened tag, a missing part or plain text is not a sealed value', () => {
    for (const bad of [sealed.slice(0, -4), sealed.split('.').slice(0, 4).join('.'), '{"url":"x"}', '']) {
      expect(thrown(() => box.open(bad, context))).toMatchObject({ reason: 'malformed', keyId: null });
    }
  });

  it('a wrong key under the same id fails with an error naming that id, not garbage', () => {
    const wrong = boxOf(`k1:${K2}`);
    const err = thrown(() => wrong.open(sealed, context));
    expect(err.reason).toBe('rejected');
    expect(err.message).toMatch(/does not open with key "k1"/);
  });

  it('a key id the keyring does not hold is named, with the ids it does hold', () => {
    const err = thrown(() => boxOf(`k2:${K2}`).open(sealed, context));
    expect(err).toMatchObject({ reason: 'unknown-key', keyId: 'k1' });
    expect(err.message).toContain('sealed with key "k1", which SECRETS_KEY does not hold (it holds "k2")');
  });
});

describe('keyrings', () => {
  it('seal with the first key and open with every key', () => {
    const old = boxOf(`k1:${K1}`).seal('old', 'c');
    const rotated = boxOf(`k2:${K2}, k1:${K1}`);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.keyIds).toEqual(['k2', 'k1']);
    expect(rotated.open(old, 'c')).toBe('old');
    expect(rotated.keyIdOf(rotated.seal('new', 'c'))).toBe('k2');
  });

  it('give a key without an id an id derived from the key', () => {
    const ring = parseKeyring(K1);
    expect(ring.currentId).toBe(derivedKeyId(Buffer.from(K1, 'base64')));
    expect(ring.currentId).toMatch(/^[0-9a-f]{8}$/);
    expect(parseKeyring(K2).currentId).not.toBe(ring.currentId);
  });

  it('accept URL-safe base64 and missing padding', () => {
    const key = randomBytes(32);
    const ring = parseKeyring(`u:${key.toString('base64url')}`);
    expect(ring.key('u')).toEqual(key);
  });

  it('refuse malformed entries without repeating the key', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseKeyring(`k1:${short}`)).toThrow(/key "k1": must be the base64 of 32 random bytes/);
    expect(() => parseKeyring(`k1:${short}`)).not.toThrow(short);
    expect(() => parseKeyring(`k1:${K1},k1:${K2}`)).toThrow(/"k1" is given twice/);
    expect(() => parseKeyring(`bad id:${K1}`)).toThrow(/key 1: the id must be/);
    expect(() => parseKeyring(' , ')).toThrow(/holds no key/);
  });

  it('never show key bytes when serialised', () => {
    const ring = parseKeyring(`k1:${K1}`);
    expect(JSON.stringify(ring)).toBe('{"currentId":"k1","ids":["k1"]}');
  });

  it('generate entries that parse back', () => {
    const entry = generateKeyEntry('2025-06');
    expect(parseKeyring(entry).currentId).toBe('2025-06');
    expect(parseKeyring(generateKeyEntry()).ids).toHaveLength(1);
  });
});
