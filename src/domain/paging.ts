import { z } from 'zod';
import { ValidationError } from '../lib/errors.js';

/**
 * Opaque pagination cursors: the position after which the next page starts, base64url-encoded
 * JSON so that clients pass it back unchanged and never build one themselves.
 */
export function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

const invalidCursor = () =>
  new ValidationError('The cursor is not one this API returned.', [
    { pointer: '/cursor', message: 'is not a valid cursor', location: 'querystring' },
  ]);

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
  if (typeof position !== kind) throw invalidCursor();
  return position as T extends 'string' ? string : number;
}

/**
 * The position of an item in a list ordered by a time, ties broken by a name: for `page()`, and
 * read back by `decodeTimeNameCursor`. The time is ISO 8601, which has no space.
 */
export const timeNamePosition = (at: string, name: string): string => `${at} ${name}`;

export function decodeTimeNameCursor(cursor: string): { at: Date; name: string } {
  const position = decodeCursor(cursor, 'string');
  const space = position.indexOf(' ');
  const at = new Date(position.slice(0, space));
  if (space < 0 || Number.isNaN(at.getTime())) throw invalidCursor();
  return { at, name: position.slice(space + 1) };
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

/** `limit` and `cursor` query parameters of a paged list. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page'),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/**
 * One page of a list already in memory (because something about every item is needed anyway:
 * the fleet's KPIs, a visibility filter), in code-unit order of `key`.
 */
export function pageInMemory<T>(
  all: readonly T[],
  { limit, cursor }: PageQuery,
  key: (item: T) => string,
): { items: T[]; nextCursor: string | null } {
  const after = cursor === undefined ? null : decodeCursor(cursor, 'string');
  const sorted = [...all].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rest = after === null ? sorted : sorted.filter((item) => key(item) > after);
  return page(rest.slice(0, limit + 1), limit, key);
}
