import { createHash, randomBytes } from 'node:crypto';
import { Tokens } from '@fastify/csrf';

/**
 * The secrets of a console session: the session id in the `mw_session` cookie and a one-time login
 * token are each 32 random bytes (base64url). Like API keys (keys.token.ts), they carry 256 bits,
 * so the database keeps a plain SHA-256 of each: a leaked row cannot be turned back into either.
 */
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** Null for anything that cannot be a secret we issued: malformed values never reach the database. */
export function hashSecret(secret: string): Buffer | null {
  if (!SECRET_PATTERN.test(secret)) return null;
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** A session's public id: what lists, audit entries and DELETE /v1/sessions/{sessionId} name. */
export function generateSessionId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * CSRF synchronizer tokens (@fastify/csrf): a salted SHA-256 of the session's secret. Only the
 * holder of the cookie's value can make or check one, nothing more is stored, a token from one
 * session is worthless in another, and the token does not reveal the secret. `verify` compares
 * in constant time.
 */
const csrf = new Tokens({});

export function csrfToken(sessionSecret: string): string {
  return csrf.create(sessionSecret);
}

export function csrfMatches(sessionSecret: string, token: string | undefined): boolean {
  return token !== undefined && csrf.verify(sessionSecret, token);
}
