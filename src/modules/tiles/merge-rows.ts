import {
  EVENTS_KEY,
  decodeSummary,
  encodeSummary,
  keyKind,
  mergeSummary,
  type AnySummary,
} from './tile-codec.js';

/** One key's rows merged: the events or pairs they hold, and their summary (none for 'events'). */
export interface Merged {
  n: number;
  summary: AnySummary | null;
}

/**
 * Merges stored rows key by key. The first row of a key is decoded into the accumulator, so a
 * key with one row costs one decode. Rows must be of one model; their buckets do not matter.
 */
export function mergeRows(
  rows: Iterable<{ key: string; n: number; bytes: Uint8Array | null }>,
  into: Map<string, Merged> = new Map(),
): Map<string, Merged> {
  for (const row of rows) {
    const kind = keyKind(row.key);
    const summary = kind === EVENTS_KEY || row.bytes === null ? null : decodeSummary(kind, row.bytes);
    const merged = into.get(row.key);
    if (!merged) {
      into.set(row.key, { n: row.n, summary });
      continue;
    }
    merged.n += row.n;
    if (summary === null) continue;
    if (merged.summary === null) merged.summary = summary;
    else mergeSummary(merged.summary, summary);
  }
  return into;
}

export function encodeMerged(merged: Merged): Uint8Array | null {
  return merged.summary === null ? null : encodeSummary(merged.summary);
}
