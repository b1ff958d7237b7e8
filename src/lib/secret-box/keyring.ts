import { createHash, randomBytes } from 'node:crypto';

/** AES-256 keys: 32 bytes. */
export const KEY_BYTES = 32;

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
// The base64 (standard or URL-safe, padding optional) of exactly 32 bytes: 43 characters, then "=".
const KEY_BASE64 = /^[A-Za-z0-9+/_-]{42}[AEIMQUYcgkosw048]=?$/;

/** A SECRETS_KEY (or key file) that cannot be used; the message never repeats key material. */
export class KeyringFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringFormatError';
  }
}

/**
 * The keys secrets are sealed with: the first one seals, every one opens. Key bytes live in a
 * closure, so that logging or serialising a keyring shows its key ids only.
 */
export interface Keyring {
  /** The id of the key new values are sealed with. */
  readonly currentId: string;
  /** Every key id, the current one first. */
  readonly ids: readonly string[];
  /** The key of this id, or undefined when the keyring does not hold it. */
  key(id: string): Buffer | undefined;
}

/** The id of a key given without one: a short hash of the key, so that two bare keys never share an id. */
export function derivedKeyId(key: Buffer): string {
  return createHash('sha256').update('modelwatch secret-box key id\0').update(key).digest('hex').slice(0, 8);
}

function parseEntry(entry: string, position: number): { id: string; key: Buffer } {
  const colon = entry.indexOf(':');
  const id = colon < 0 ? null : entry.slice(0, colon).trim();
  const encoded = (colon < 0 ? entry : entry.slice(colon + 1)).trim();
  const where = id === null ? `key ${position}` : `key "${id}"`;
  if (id !== null && !KEY_ID.test(id)) {
    throw new KeyringFormatError(`key ${position}: the id must be 1 to 64 of A-Z a-z 0-9 _ -`);
  }
  if (!KEY_BASE64.test(encoded)) {
    throw new KeyringFormatError(
      `${where}: must be the base64 of ${KEY_BYTES} random bytes (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  const key = Buffer.from(encoded.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  return { id: id ?? derivedKeyId(key), key };
}

/**
 * Reads `[id:]base64key[,[id:]base64key…]`: the first entry seals new values, every entry opens
 * values sealed with it. A key given without an id gets `derivedKeyId(key)`.
 */
export function parseKeyring(text: string): Keyring {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) throw new KeyringFormatError('holds no key');
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, i) => {
    const { id, key } = parseEntry(entry, i + 1);
    if (keys.has(id)) throw new KeyringFormatError(`key id "${id}" is given twice`);
    keys.set(id, key);
  });
  const ids = Object.freeze([...keys.keys()]);
  return Object.freeze({
    currentId: ids[0]!,
    ids,
    key: (id: string) => keys.get(id),
    toJSON: () => ({ currentId: ids[0], ids }),
  });
}

/** A new key as one SECRETS_KEY entry, `id:base64`; the id defaults to one derived from the key. */
export function generateKeyEntry(id?: string): string {
  const key = randomBytes(KEY_BYTES);
  if (id !== undefined && !KEY_ID.test(id)) {
    throw new KeyringFormatError('the id must be 1 to 64 of A-Z a-z 0-9 _ -');
  }
  return `${id ?? derivedKeyId(key)}:${key.toString('base64')}`;
}
