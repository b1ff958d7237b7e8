import { pointerSegment } from './errors.js';

/** One difference between two JSON documents; `before` is absent for an addition, `after` for a removal. */
export interface JsonChange {
  /** JSON pointer (RFC 6901) to the value that changed; '' for the whole document. */
  path: string;
  before?: unknown;
  after?: unknown;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childChanges(before: unknown, after: unknown, path: string, key: string | number): JsonChange[] {
  const childPath = `${path}/${pointerSegment(key)}`;
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path: childPath, after }];
  if (after === undefined) return [{ path: childPath, before }];
  return jsonDiff(before, after, childPath);
}

/**
 * The leaf-level differences between two JSON values, in document order. Objects are compared key
 * by key and arrays index by index, so a changed feature threshold reads as
 * `/features/1/drift/threshold` rather than as a whole new feature list. Keys whose value is
 * `undefined` count as absent, as they would after a JSON round trip.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => childChanges(before[i], after[i], path, i)).flat();
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => childChanges(before[key], after[key], path, key));
  }
  return Object.is(before, after) ? [] : [{ path, before, after }];
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  return jsonDiff(a, b).length === 0;
}
