import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/**
 * A sealed value: `sb1.<keyId>.<iv>.<ciphertext>.<tag>`, the last three base64url. AES-256-GCM
 * with a random 96-bit IV per value and a 128-bit tag. The associated data is the version, the key
 * id and the caller's context (which row and field the value belongs to), so a value moved to
 * another row or field, or relabelled with another key id, does not open.
 */
const VERSION = 'sb1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^sb1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

export type SecretBoxFailure = 'unknown-key' | 'rejected' | 'malformed';

/** A stored value that does not open. Names the key id and the context, never the value. */
export class SecretBoxError extends Error {
  constructor(
    readonly reason: SecretBoxFailure,
    readonly keyId: string | null,
    readonly context: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** The key id new values are sealed with. */
  readonly currentKeyId: string;
  /** Every key id this box opens, the current one first. */
  readonly keyIds: readonly string[];
  seal(plaintext: string, context: string): string;
  /** The plaintext; throws SecretBoxError when the value is not ours, altered, or its key is missing. */
  open(sealed: string, context: string): string;
  /** The key id a sealed value names, or null when it is not a sealed value. */
  keyIdOf(sealed: string): string | null;
}

const aad = (keyId: string, context: string) => Buffer.from(`${VERSION}.${keyId}.${context}`, 'utf8');

/** Seals and opens values with a keyring, read when first needed (so building one reads no key file). */
export function createSecretBox(keyring: () => Keyring): SecretBox {
  let ring: Keyring | undefined;
  const keys = () => (ring ??= keyring());

  return {
    get currentKeyId() {
      return keys().currentId;
    },
    get keyIds() {
      return keys().ids;
    },

    seal(plaintext, context) {
      const { currentId } = keys();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys().key(currentId)!, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(currentId, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
      return [VERSION, currentId, ...parts].join('.');
    },

    open(sealed, context) {
      const match = SEALED.exec(sealed);
      if (!match) {
        throw new SecretBoxError(
          'malformed',
          null,
          context,
          `${context}: the stored value is not a sealed secret (${VERSION}.<keyId>.<iv>.<ciphertext>.<tag>)`,
        );
      }
      const [, keyId, iv, ciphertext, tag] = match as unknown as [string, string, string, string, string];
      const key = keys().key(keyId);
      if (!key) {
        throw new SecretBoxError(
          'unknown-key',
          keyId,
          context,
          `${context}: sealed with key "${keyId}", which SECRETS_KEY does not hold ` +
            `(it holds ${keys()
              .ids.map((id) => `"${id}"`)
              .join(', ')}); add that key back to open it`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(keyId, context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        throw new SecretBoxError(
          'rejected',
          keyId,
          context,
          `${context}: does not open with key "${keyId}": either the key SECRETS_KEY holds under that ` +
            'id is not the one it was sealed with, or the stored value was altered or copied from elsewhere',
        );
      }
    },

    keyIdOf(sealed) {
      return SEALED.exec(sealed)?.[1] ?? null;
    },
  };
}
