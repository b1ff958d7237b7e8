import { ValidationError } from '../../lib/errors.js';
import { MAX_WINDOW_SECONDS, type WindowLength } from '../../lib/windows.js';

/**
 * What the read routes share about `?window=` and `?from=&to=`: the evaluation routes here, and
 * the feature routes (src/modules/features) that chart the same windows.
 */

/** A configured window by name (default `fallback`, the status window); a 400 for any other. */
export function windowNamed(
  windows: readonly WindowLength[],
  name: string | undefined,
  fallback: string,
  pointer = '/window',
): WindowLength {
  const wanted = name ?? fallback;
  const found = windows.find((w) => w.name === wanted);
  if (found) return found;
  throw new ValidationError(
    `Window "${wanted}" is not evaluated; use one of ${windows.map((w) => w.name).join(', ')}.`,
    [{ pointer, message: 'is not a configured window', location: 'querystring' }],
  );
}

/** The half-open range of an on-demand read: both ends, in order, at most 31 days apart. */
export function rangeOf(query: { window?: string; from?: string; to?: string }): { from: Date; to: Date } {
  const invalid = (pointer: string, message: string) =>
    new ValidationError(`The range is invalid: ${pointer.slice(1)} ${message}.`, [
      { pointer, message, location: 'querystring' },
    ]);
  if (query.from === undefined) throw invalid('/from', 'is required with to');
  if (query.to === undefined) throw invalid('/to', 'is required with from');
  if (query.window !== undefined) throw invalid('/window', 'cannot be combined with from and to');
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!(from < to)) throw invalid('/to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_WINDOW_SECONDS * 1000)
    throw invalid('/to', 'must be at most 31 days after from');
  return { from, to };
}
