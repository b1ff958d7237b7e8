import { SummaryFormatError } from '../bytes/format-error.js';
import {
  EVENTS_KEY,
  decodeSummary,
  encodeSummary,
  keyKind,
  mergeSummaries,
  type AnySummary,
} from './summary-codec.js';

/** Rows of a key decoded and merged at once, at most. */
const BATCH = 64;

/** One key's rows merged: the events or pairs they hold, and their summary (none for 'events'). */
export interface Merged {
  n: number;
  summary: AnySummary | null;
}

interface Row {
  key: string;
  n: number;
  bytes: Uint8Array | null;
}

/** A stored row that cannot be decoded, with the decoder's reason: it is left out of the merge. */
export interface Undecodable<R extends Row = Row> {
  row: R;
  reason: string;
}

/**
 * Merges stored rows key by key. The first row of a key is decoded into the accumulator, so a
 * key with one row costs one decode. Rows must be of one model; their buckets do not matter.
 * Throws SummaryFormatError on a row that cannot be decoded (see mergeDecodable).
 */
export function mergeRows(rows: Iterable<Row>, into: Map<string, Merged> = new Map()): Map<string, Merged> {
  return merge(rows, into, (_row, err) => {
    throw err;
  });
}

/**
 * Merges the rows that can be decoded and returns the others apart, so that one bad row costs
 * its own data and not the whole window's (README.md "Quarantine"). A row is undecodable when
 * its key is of an unknown kind or its bytes fail the codec's checks (SummaryFormatError); any
 * other error is a bug and is thrown.
 */
export function mergeDecodable<R extends Row>(
  rows: Iterable<R>,
): { merged: Map<string, Merged>; undecodable: Undecodable<R>[] } {
  const undecodable: Undecodable<R>[] = [];
  const merged = merge(rows, new Map(), (row, err) => undecodable.push({ row, reason: err.message }));
  return { merged, undecodable };
}

function merge<R extends Row>(
  rows: Iterable<R>,
  into: Map<string, Merged>,
  onUndecodable: (row: R, err: SummaryFormatError) => void,
): Map<string, Merged> {
  // A key's summaries merge a batch at a time, in row order: one t-digest compression and one
  // pass over the score bins per batch rather than per row (docs/adr/0003-summary-core.md §5).
  // Each batch is decoded just before it is merged, so few decoded summaries live at once.
  const all = [...rows];
  const byKey = new Map<string, R[]>();
  for (const row of all) {
    const keyRows = byKey.get(row.key);
    if (keyRows) keyRows.push(row);
    else byKey.set(row.key, [row]);
  }
  const failed = new Map<R, SummaryFormatError>();
  for (const [key, keyRows] of byKey) {
    for (let start = 0; start < keyRows.length; start += BATCH) {
      const batch: AnySummary[] = [];
      for (const row of keyRows.slice(start, start + BATCH)) {
        let summary: AnySummary | null;
        try {
          const kind = keyKind(key);
          summary = kind === EVENTS_KEY || row.bytes === null ? null : decodeSummary(kind, row.bytes);
        } catch (err) {
          if (!(err instanceof SummaryFormatError)) throw err;
          failed.set(row, err);
          continue;
        }
        const merged = into.get(key);
        if (!merged) into.set(key, { n: row.n, summary });
        else {
          merged.n += row.n;
          if (merged.summary === null) merged.summary = summary;
          else if (summary !== null) batch.push(summary);
        }
      }
      if (batch.length > 0) mergeSummaries(into.get(key)!.summary!, batch);
    }
  }
  // In row order, as a merge row by row meets them.
  for (const row of all) {
    const err = failed.get(row);
    if (err) onUndecodable(row, err);
  }
  return into;
}

export function encodeMerged(merged: Merged): Uint8Array | null {
  return merged.summary === null ? null : encodeSummary(merged.summary);
}
