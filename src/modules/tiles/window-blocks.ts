import { encodeMerged, mergeDecodable, type Merged, type Undecodable } from '../../stats/core/merge-rows.js';
import { rowFingerprint, type StoredTile, type WindowRow } from './tiles.store.js';
import type { BlockRow, WindowCache } from './window-cache.js';
import type { WindowPlan } from './window-plan.js';

/**
 * A window is merged in blocks (README.md "Window cache"): the fine tiles and contributions of
 * each span of BLOCK_TILES tiles, aligned to the epoch and wholly inside the window's fine
 * ranges, are merged and encoded first; then the hour tiles, those blocks and the rows of the
 * blocks the window's edges cut are merged in time order. A whole block is the same block in the
 * next window that covers it, so a worker keeps it (window-cache.ts), and a window sliding by one
 * minute merges only its edges' rows and what changed. Cold and cached reads follow the same
 * steps, so they give the same bytes.
 */
export const BLOCK_TILES = 10;

/** Which rows a window reads: a block cached for one scope is never used for another. */
export interface BlockScope {
  modelId: string;
  slice: string;
  keys: readonly string[] | null;
  tileSeconds: number;
}

/** Reads a block's rows again with their bytes (some were withheld as known, but the block changed). */
export type BlockReader = (fromMs: number, toMs: number) => Promise<WindowRow[]>;

const blockId = (scope: BlockScope, startMs: number) =>
  [scope.modelId, scope.slice, scope.keys?.join(',') ?? '*', scope.tileSeconds, startMs].join('\u0000');

/** Starts of the blocks wholly inside the plan's fine ranges: those a worker keeps. */
function fullBlocks(plan: WindowPlan, blockMs: number): number[] {
  const starts: number[] = [];
  for (const [from, to] of plan.fine) {
    for (let start = Math.ceil(from / blockMs) * blockMs; start + blockMs <= to; start += blockMs) {
      starts.push(start);
    }
  }
  return starts;
}

/** The row versions the cache holds for the plan's blocks, for readPlan's `known`. */
export function knownRows(cache: WindowCache, scope: BlockScope, plan: WindowPlan): string[] {
  const blockMs = BLOCK_TILES * scope.tileSeconds * 1000;
  return fullBlocks(plan, blockMs).flatMap((start) => cache.fingerprints(blockId(scope, start)) ?? []);
}

/**
 * Merges a window's rows (readPlan's, with `known` from knownRows) key by key, through its blocks.
 * Rows that cannot be decoded are left out and returned apart; a block holding one is not kept.
 */
export async function mergeWindowRows(
  rows: readonly WindowRow[],
  plan: WindowPlan,
  scope: BlockScope,
  cache: WindowCache,
  reread: BlockReader,
): Promise<{ merged: Map<string, Merged>; undecodable: Undecodable<StoredTile>[] }> {
  const blockMs = BLOCK_TILES * scope.tileSeconds * 1000;
  const hourRows: WindowRow[] = [];
  const blocks = new Map<number, WindowRow[]>();
  for (const row of rows) {
    if (row.resolution === 3600) {
      hourRows.push(row);
      continue;
    }
    const start = Math.floor(row.bucketMs / blockMs) * blockMs;
    const block = blocks.get(start);
    if (block) block.push(row);
    else blocks.set(start, [row]);
  }
  const full = new Set(fullBlocks(plan, blockMs));
  // Hour tiles and the rows of the blocks cut by the window's edges are merged as they are
  // (an edge block is never the same twice); whole blocks as their merged rows.
  const units: { startMs: number; rows: readonly (BlockRow | WindowRow)[] }[] = hourRows
    .sort((a, b) => a.bucketMs - b.bucketMs || compare(a.key, b.key))
    .map((row) => ({ startMs: row.bucketMs, rows: [row] }));
  const undecodable: Undecodable<StoredTile>[] = [];
  for (const [start, blockRows] of blocks) {
    const fingerprints = blockRows.map(rowFingerprint);
    const order = fingerprints.map((_, i) => i).sort((a, b) => compare(fingerprints[a]!, fingerprints[b]!));
    if (!full.has(start)) {
      units.push({ startMs: start, rows: order.map((i) => blockRows[i]!) });
      continue;
    }
    const sorted = order.map((i) => fingerprints[i]!);
    const id = blockId(scope, start);
    const cached = cache.take(id, sorted);
    if (cached) {
      units.push({ startMs: start, rows: cached });
      continue;
    }
    // A cached block whose rows changed: the rows named as known came without bytes.
    const current = blockRows.some((r) => r.withheld)
      ? sortByFingerprint(await reread(start, start + blockMs))
      : order.map((i) => blockRows[i]!);
    const merge = mergeDecodable(current);
    undecodable.push(...merge.undecodable);
    const merged: BlockRow[] = [...merge.merged]
      .sort(([a], [b]) => compare(a, b))
      .map(([key, m]) => ({ key, n: m.n, bytes: encodeMerged(m) }));
    if (merge.undecodable.length === 0)
      cache.set(id, { fingerprints: current.map(rowFingerprint), rows: merged });
    units.push({ startMs: start, rows: merged });
  }
  units.sort((a, b) => a.startMs - b.startMs);
  const window = mergeDecodable(units.flatMap((u) => u.rows));
  for (const u of window.undecodable) {
    // Blocks were encoded just now: only a stored row (it has a version) can fail to decode here.
    if (!('version' in u.row)) throw new Error(`a merged block failed to decode: ${u.reason}`);
    undecodable.push(u as Undecodable<StoredTile>);
  }
  return { merged: window.merged, undecodable };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortByFingerprint(rows: WindowRow[]): WindowRow[] {
  const keyed = rows.map((row) => ({ row, f: rowFingerprint(row) }));
  return keyed.sort((a, b) => compare(a.f, b.f)).map((k) => k.row);
}
