import { SummaryFormatError } from './byte-io.js';
import { CategoricalSummary, OTHER_CATEGORY, compareNames } from './categorical-summary.js';
import { seal, unseal } from './envelope.js';

/**
 * Bytes of a categorical summary (framed by envelope.ts): cap, nulls, other, m
 * (varints), then m × (UTF-8 byte length, UTF-8 name, count), names ascending.
 * Encoding trims to the cap first, so stored summaries never exceed it.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeCategoricalSummary(summary: CategoricalSummary): Uint8Array {
  summary.trim();
  const named = summary.entries().filter(([name]) => name !== OTHER_CATEGORY);
  return seal('categorical', (w) => {
    w.varint(summary.cap);
    w.varint(summary.nulls);
    w.varint(summary.other);
    w.varint(named.length);
    for (const [name, count] of named) {
      const bytes = encoder.encode(name);
      w.varint(bytes.length);
      w.bytes(bytes);
      w.varint(count);
    }
  });
}

export function decodeCategoricalSummary(bytes: Uint8Array): CategoricalSummary {
  return unseal(bytes, 'categorical', (r) => {
    const cap = r.varint('cap');
    if (cap < 1 || cap > 100_000)
      throw new SummaryFormatError(`categorical summary: cap ${cap} out of range`);
    const summary = new CategoricalSummary(cap);
    summary.nulls = r.varint('nulls');
    summary.other = r.varint('other');
    const m = r.varint('category count');
    if (m > cap) throw new SummaryFormatError(`categorical summary: ${m} categories exceed the cap ${cap}`);
    let previous: string | null = null;
    for (let i = 0; i < m; i++) {
      const name = utf8(r.take(r.varint('name length'), 'name'));
      const count = r.varint('category count');
      if (count === 0 || name === OTHER_CATEGORY) {
        throw new SummaryFormatError(`categorical summary: bad entry for ${JSON.stringify(name)}`);
      }
      if (previous !== null && compareNames(previous, name) >= 0) {
        throw new SummaryFormatError('categorical summary: names not in ascending order');
      }
      summary.counts.set(name, count);
      previous = name;
    }
    return summary;
  });
}

function utf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new SummaryFormatError('categorical summary: a name is not valid UTF-8');
  }
}
