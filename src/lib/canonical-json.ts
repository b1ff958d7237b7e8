import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys sorted (by UTF-16 code units) and no whitespace: for JSON values
 * (strings, finite numbers, booleans, null, arrays, plain objects) it is the JSON Canonicalization
 * Scheme of RFC 8785, whose number and string forms are ECMAScript's JSON.stringify. Properties
 * whose value is undefined are left out, as JSON.stringify leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('not JSON: a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The SHA-256 of a value's canonical JSON (UTF-8), in lowercase hex. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
