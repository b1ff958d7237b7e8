import { describe, expect, it } from 'vitest';
import { createWindowCache, type CachedBlock } from '../../../src/modules/tiles/window-cache.js';

// The window cache's bounds and its one rule of use (src/modules/tiles/window-cache.ts): a block
// is served only for exactly the fingerprints it was merged from, and the least recently used
// blocks go first when the byte budget is full.

const block = (fingerprints: string[], size: number): CachedBlock => ({
  fingerprints,
  rows: [{ key: 'numerical:feature:x', n: 1, bytes: new Uint8Array(size) }],
});

describe('window cache', () => {
  it('serves a block only for the fingerprints it was merged from', () => {
    const cache = createWindowCache(1 << 20);
    cache.set('a', block(['60|0|k|1:5', '60|60000|k|1:5'], 100));
    expect(cache.take('a', ['60|0|k|1:5', '60|60000|k|1:5'])).toHaveLength(1);
    expect(cache.take('a', ['60|0|k|1:5', '60|60000|k|2:7'])).toBeUndefined(); // a tile rewritten
    expect(cache.take('a', ['60|0|k|1:5'])).toBeUndefined(); // a tile deleted
    expect(cache.take('a', ['0|0|k|b9', '60|0|k|1:5', '60|60000|k|1:5'])).toBeUndefined(); // late data
    expect(cache.take('b', [])).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 4, entries: 1 });
  });

  it('keeps the most recently used blocks within its byte budget', () => {
    const cache = createWindowCache(3_000);
    for (const id of ['a', 'b', 'c']) cache.set(id, block([id], 600));
    expect(cache.take('a', ['a'])).toBeDefined(); // a is now the most recently used
    cache.set('d', block(['d'], 600));
    expect(cache.fingerprints('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((id) => cache.fingerprints(id))).toEqual([['a'], ['c'], ['d']]);
    expect(cache.stats().bytes).toBeLessThanOrEqual(3_000);
    cache.set('huge', block(['huge'], 5_000)); // larger than the budget: not kept, nothing dropped
    expect(cache.stats().entries).toBe(3);
    const none = createWindowCache(0);
    none.set('a', block(['a'], 1));
    expect(none.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
