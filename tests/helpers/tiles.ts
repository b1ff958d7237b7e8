import type { Random } from './random.js';

/** What folding needs from a mergeable summary. */
export interface Mergeable<S> {
  create(): S;
  add(summary: S, value: number): void;
  /** Merges b into a. */
  merge(a: S, b: S): void;
}

export type MergeOrder = 'forward' | 'reverse';

/**
 * Folds values the way the service builds a window: minute tiles of 100–1000
 * values, 60 minutes merged into an hour, the hours merged into the window.
 * 'reverse' merges the minutes and hours in the opposite order, to show the
 * result does not depend on it beyond the error bounds.
 */
export function foldAsTiles<S>(
  values: ArrayLike<number>,
  ops: Mergeable<S>,
  rng: Random,
  order: MergeOrder = 'forward',
): { window: S; firstTile: S } {
  const tiles: S[] = [];
  for (let start = 0; start < values.length;) {
    const size = Math.min(values.length - start, rng.integer(100, 1000));
    const tile = ops.create();
    for (let i = start; i < start + size; i++) ops.add(tile, values[i]!);
    tiles.push(tile);
    start += size;
  }
  const hours: S[] = [];
  for (let h = 0; h < tiles.length; h += 60) hours.push(mergeAll(tiles.slice(h, h + 60), ops, order));
  return { window: mergeAll(hours, ops, order), firstTile: tiles[0]! };
}

function mergeAll<S>(parts: S[], ops: Mergeable<S>, order: MergeOrder): S {
  const out = ops.create();
  for (const p of order === 'forward' ? parts : [...parts].reverse()) ops.merge(out, p);
  return out;
}
