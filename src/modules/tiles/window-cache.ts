/**
 * Merged blocks of closed minutes, kept per worker so that a sliding window merges only what
 * changed (README.md "Window cache"). An entry is one block of one model's slice: the fingerprints
 * of the rows it was merged from (their identity and version, tiles.store.ts rowFingerprint) and
 * the merge, encoded per key. It is used only when the rows read now have exactly those
 * fingerprints, so a tile rewritten after it was cached (late data, compaction, rollup) or
 * deleted (quarantine, pruning) is never served from it. The most recently used entries are kept
 * within a byte budget.
 */

/** One key of a merged block, as a stored row holds it. */
export interface BlockRow {
  key: string;
  n: number;
  bytes: Uint8Array | null;
}

export interface CachedBlock {
  /** The merged rows' fingerprints, sorted. */
  fingerprints: readonly string[];
  rows: readonly BlockRow[];
}

/** What the cache has done since it was made (for benches and tests). */
export interface WindowCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface WindowCache {
  /** The fingerprints of a cached block, to name its rows as known to the read (no use counted). */
  fingerprints(id: string): readonly string[] | undefined;
  /** The merged rows of a block cached from exactly these (sorted) fingerprints; else undefined. */
  take(id: string, fingerprints: readonly string[]): readonly BlockRow[] | undefined;
  set(id: string, block: CachedBlock): void;
  stats(): WindowCacheStats;
}

/** An entry's rough size: its bytes, its strings (two bytes a character) and per-object overhead. */
function sizeOf(id: string, block: CachedBlock): number {
  let size = 2 * id.length + 64;
  for (const f of block.fingerprints) size += 2 * f.length + 16;
  for (const row of block.rows) size += (row.bytes?.byteLength ?? 0) + 2 * row.key.length + 64;
  return size;
}

/** A cache of at most `budgetBytes` (0: nothing is kept, every block is merged from its rows). */
export function createWindowCache(budgetBytes: number): WindowCache {
  const entries = new Map<string, { block: CachedBlock; size: number }>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  function drop(id: string) {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    bytes -= entry.size;
  }

  return {
    fingerprints: (id) => entries.get(id)?.block.fingerprints,
    take(id, fingerprints) {
      const entry = entries.get(id);
      const cached = entry?.block.fingerprints;
      if (!entry || cached!.length !== fingerprints.length || cached!.some((f, i) => f !== fingerprints[i])) {
        misses++;
        return undefined;
      }
      entries.delete(id); // most recently used last
      entries.set(id, entry);
      hits++;
      return entry.block.rows;
    },
    set(id, block) {
      drop(id);
      const size = sizeOf(id, block);
      if (size > budgetBytes) return;
      while (bytes + size > budgetBytes) drop(entries.keys().next().value!);
      entries.set(id, { block, size });
      bytes += size;
    },
    stats: () => ({ hits, misses, entries: entries.size, bytes }),
  };
}
