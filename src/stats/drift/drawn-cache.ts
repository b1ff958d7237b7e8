import type { DrawnTail } from './drawn-tail.js';

/**
 * Drawn nulls by the content of the grid they were drawn from and a size bucket, the most recently
 * used kept. A reference read again from the database is a new object with the same values, so a
 * cache by object identity would draw again on every evaluation; this one finds the draws by
 * value. An entry holds its grid, compared on every hit, so equal hashes of different grids never
 * share a tail.
 */
export interface DrawnCache {
  /** The tail drawn for `grid` at `bucket`, drawing it with `draw` when not cached. */
  tail(grid: Float64Array, bucket: number, draw: () => DrawnTail): DrawnTail;
  /** Tails drawn by this cache (for tests and benches). */
  readonly draws: number;
}

export function createDrawnCache(entries: number): DrawnCache {
  const cache = new Map<string, { grid: Float64Array; tail: DrawnTail }>();
  const keys = new WeakMap<Float64Array, string>();
  let draws = 0;

  /** Two 32-bit FNV-1a hashes of the grid's bytes (different offsets), and its length. */
  function gridKey(grid: Float64Array): string {
    let key = keys.get(grid);
    if (key === undefined) {
      const words = new Uint32Array(grid.buffer, grid.byteOffset, grid.length * 2);
      let a = 0x811c9dc5;
      let b = 0x01000193;
      for (let i = 0; i < words.length; i++) {
        a = Math.imul(a ^ words[i]!, 0x01000193);
        b = Math.imul(b ^ words[i]!, 0x5bd1e995);
      }
      key = `${grid.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
      keys.set(grid, key);
    }
    return key;
  }

  const sameGrid = (x: Float64Array, y: Float64Array) =>
    x.length === y.length && x.every((v, i) => v === y[i]);

  return {
    tail(grid, bucket, draw) {
      const key = `${gridKey(grid)}/${bucket}`;
      const hit = cache.get(key);
      if (hit && sameGrid(hit.grid, grid)) {
        cache.delete(key); // most recently used last
        cache.set(key, hit);
        return hit.tail;
      }
      const tail = draw();
      draws++;
      cache.delete(key);
      if (cache.size >= entries) cache.delete(cache.keys().next().value!);
      cache.set(key, { grid, tail });
      return tail;
    },
    get draws() {
      return draws;
    },
  };
}
