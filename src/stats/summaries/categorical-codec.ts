import { CategoricalSummary, OTHER_CATEGORY, compareNames } from './categorical-summary.js';
import { seal, unseal } from './envelope.js';

/**
 * Bytes of a categorical summary (framed by envelope.ts): cap, nulls, other, m
 * (varints), then m × (UTF-8 byte length, UTF-8 name, count), names ascending.
 * Encoding trims to the cap first, so stored summaries never exceed it.
 */
export function encodeCategoricalSummary(summary: CategoricalSummary): Uint8Array {
  summary.trim();
  const named = summary.entries().filter(([name]) => name !== OTHER_CATEGORY);
  return seal('categorical', (w) => {
    w.varint(summary.cap).varint(summary.nulls).varint(summary.other).varint(named.length);
    for (const [name, count] of named) w.string(name).varint(count);
  });
}

export function decodeCategoricalSummary(bytes: Uint8Array): CategoricalSummary {
  return unseal(bytes, 'categorical', (r) => {
    const cap = r.varint();
    if (cap < 1 || cap > 100_000) r.fail(`cap ${cap} out of range`);
    const summary = new CategoricalSummary(cap);
    summary.nulls = r.varint();
    summary.other = r.varint();
    const m = r.varint();
    if (m > cap) r.fail(`${m} categories exceed the cap ${cap}`);
    let previous: string | null = null;
    for (let i = 0; i < m; i++) {
      const name = r.string();
      const count = r.varint();
      if (count === 0 || name === OTHER_CATEGORY) r.fail(`bad entry for ${JSON.stringify(name)}`);
      if (previous !== null && compareNames(previous, name) >= 0) r.fail('names not in ascending order');
      summary.counts.set(name, count);
      previous = name;
    }
    return summary;
  });
}
