// Expected counts are tallied by hand from the literal inputs in each test.
import { describe, expect, it } from 'vitest';
import { CategoricalSummary, OTHER_CATEGORY } from '../../../src/stats/summaries/categorical-summary.js';

function summarise(values: (string | null)[], cap = 100): CategoricalSummary {
  const s = new CategoricalSummary(cap);
  for (const v of values) s.add(v);
  return s;
}

describe('CategoricalSummary', () => {
  it('counts categories exactly under the cap, with nulls apart', () => {
    const s = summarise(['a', 'b', 'a', null, 'c', 'a']);
    expect(s.entries()).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 1],
    ]);
    expect([s.nulls, s.count]).toEqual([1, 5]);
  });

  it('at the cap keeps the largest categories (ties by name) and moves the rest to __other__', () => {
    const s = summarise(['x', 'x', 'x', 'y', 'y', 'b', 'a', 'z'], 2);
    s.trim();
    expect(s.entries()).toEqual([
      ['x', 3],
      ['y', 2],
      [OTHER_CATEGORY, 3],
    ]);
    const tie = summarise(['d', 'c', 'b', 'a'], 2);
    tie.trim();
    expect(tie.entries()).toEqual([
      ['a', 1],
      ['b', 1],
      [OTHER_CATEGORY, 2],
    ]);
  });

  it('under the cap, merging is exact and independent of order', () => {
    const parts = [summarise(['a', 'a', 'b']), summarise(['c', null]), summarise(['b', 'c', 'c'])];
    const forward = new CategoricalSummary();
    for (const p of parts) forward.merge(p);
    const backward = new CategoricalSummary();
    for (const p of [...parts].reverse()) backward.merge(p);
    const expected = [
      ['a', 2],
      ['b', 2],
      ['c', 3],
    ];
    expect(forward.entries()).toEqual(expected);
    expect(backward.entries()).toEqual(expected);
    expect(forward.nulls).toBe(1);
  });

  it('over the cap, any merge order keeps the cap, the exact total, and lower-bound named counts', () => {
    const parts = [
      summarise(['a', 'a', 'b', 'c'], 2),
      summarise(['c', 'c', 'd', null], 2),
      summarise(['b', 'b', 'b', 'e'], 2),
    ];
    const truth = new Map([
      ['a', 2],
      ['b', 4],
      ['c', 3],
      ['d', 1],
      ['e', 1],
    ]);
    for (const order of [parts, [...parts].reverse(), [parts[1]!, parts[0]!, parts[2]!]]) {
      const merged = new CategoricalSummary(2);
      for (const p of order) merged.merge(p);
      expect(merged.counts.size).toBeLessThanOrEqual(2);
      expect([merged.count, merged.nulls]).toEqual([11, 1]);
      for (const [name, c] of merged.counts) expect(c).toBeLessThanOrEqual(truth.get(name)!);
    }
  });

  it('a literal __other__ value is counted with the other categories', () => {
    expect(summarise([OTHER_CATEGORY, 'a']).other).toBe(1);
  });
});
