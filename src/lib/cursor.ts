import { ValidationError } from './errors.js';

/**
 * Opaque pagination cursors: the position after which the next page starts, base64url-encoded
 * JSON so that clients pass it back unchanged and never build one themselves.
 */
export function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

export function decodeCursor<T extends 'string' | 'number'>(
  cursor: string,
  kind: T,
): T extends 'string' ? string : number {
  let position: unknown;
  try {
    position = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown }).after;
  } catch {
    position = undefined;
  }
  if (typeof position !== kind) {
    throw new ValidationError('The cursor is not one this API returned.', [
      { pointer: '/cursor', message: 'is not a valid cursor', location: 'querystring' },
    ]);
  }
  return position as T extends 'string' ? string : number;
}

/** Splits one extra row fetched past `limit` into "there is a next page" and its cursor. */
export function page<T>(
  rows: T[],
  limit: number,
  position: (row: T) => string | number,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(position(items[items.length - 1]!)) };
}
