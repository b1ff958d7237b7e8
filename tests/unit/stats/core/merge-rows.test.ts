import { describe, expect, it } from 'vitest';
import { mergeDecodable, mergeRows } from '../../../../src/stats/core/merge-rows.js';
import { SummaryFormatError } from '../../../../src/stats/bytes/format-error.js';
import { CbpeSummary } from '../../../../src/stats/cbpe/index.js';
import { encodeNumericSummary } from '../../../../src/stats/summaries/numeric-codec.js';
import { NumericSummary } from '../../../../src/stats/summaries/numeric-summary.js';
import { seededRandom } from '../../../helpers/random.js';

// merge-rows.ts merges a key's rows in batches (issue 13): the result must not depend on the
// batching where the summaries promise bit-equal merges (score bins), and bad rows must be
// reported in row order, as when rows were merged one at a time.

const rng = seededRandom(21);
const cbpeTile = () => {
  const s = new CbpeSummary();
  for (let i = 0; i < 50; i++) {
    const score = Math.sqrt(rng.uniform());
    s.add(score, score > 0.5);
  }
  return s.toBytes();
};
const numericTile = () => {
  const s = new NumericSummary();
  for (let i = 0; i < 50; i++) s.add(rng.normal());
  return encodeNumericSummary(s);
};

describe('mergeDecodable', () => {
  it('merges more rows than a batch to the bytes of merging them one by one, and reports bad rows in row order', () => {
    const rows = Array.from({ length: 150 }, (_, i) => [
      { key: 'cbpe', n: 50, bytes: cbpeTile(), i },
      { key: 'numerical:feature:x', n: 50, bytes: numericTile(), i },
    ]).flat();
    const corrupt = (bytes: Uint8Array) => Uint8Array.from(bytes, (b, j) => (j === 5 ? b ^ 0xff : b));
    rows[41] = { ...rows[41]!, bytes: corrupt(rows[41]!.bytes) };
    rows[100] = { ...rows[100]!, bytes: corrupt(rows[100]!.bytes) };
    rows.splice(70, 0, { key: 'future:kind', n: 1, bytes: new Uint8Array([1]), i: -1 });

    const { merged, undecodable } = mergeDecodable(rows);
    expect(undecodable.map((u) => rows.indexOf(u.row))).toEqual([41, 70, 101]);

    const good = rows.filter((r, j) => r.key === 'cbpe' && ![41, 70, 101].includes(j));
    const expected = CbpeSummary.fromBytes(good[0]!.bytes);
    for (const r of good.slice(1)) expected.merge(CbpeSummary.fromBytes(r.bytes));
    const cbpe = merged.get('cbpe')!;
    expect(cbpe.n).toBe(50 * good.length);
    expect((cbpe.summary as CbpeSummary).toBytes()).toEqual(expected.toBytes());
    const numeric = merged.get('numerical:feature:x')!.summary as NumericSummary;
    expect(numeric.count).toBe(50 * 149);

    expect(() => mergeRows(rows)).toThrow(SummaryFormatError);
  });
});
