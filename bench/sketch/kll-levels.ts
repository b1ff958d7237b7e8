/**
 * The compacting core of a KLL sketch (Karnin, Lang, Liberty 2016, "Optimal
 * Quantile Approximation in Streams"): level h holds items of weight 2^h; a full
 * level is sorted and every other item (odd or even positions, by a coin) moves
 * up a level with double weight. Capacities shrink by 2/3 per level below the
 * top, so the sketch holds about 3k items however many values it has seen.
 *
 * The coin is a hash of the sketch's state, not Math.random: the same input in the
 * same order gives the same bytes, which keeps folding idempotent and tests
 * reproducible, while successive compactions still get unrelated coins.
 */
const MIN_LEVEL_WIDTH = 8;
const SHRINK = 2 / 3;

export function levelCapacity(k: number, levelCount: number, level: number, guard = 0): number {
  const depth = levelCount - level - 1;
  return Math.max(MIN_LEVEL_WIDTH, 2 * guard + 4, Math.round(k * Math.pow(SHRINK, depth)));
}

export class KllLevels {
  /** levels[h]: items of weight 2^h; levels above 0 are kept sorted. */
  readonly levels: number[][] = [[]];
  private itemCount = 0;
  private capacity: number;
  /** Number of compactions so far; it seeds the coin, so it is part of the state. */
  compactions = 0;

  constructor(
    readonly k: number,
    readonly guard = 0,
  ) {
    this.capacity = levelCapacity(k, 1, 0, guard);
  }

  get size(): number {
    return this.itemCount;
  }

  /** Adds a value of weight 1. */
  push(value: number): void {
    this.levels[0]!.push(value);
    if (++this.itemCount >= this.capacity) this.compress();
  }

  /** Adds a value with weight 2^level, so exact counts are placed without loss. */
  insert(value: number, level: number): void {
    while (this.levels.length <= level) this.addLevel();
    const items = this.levels[level]!;
    items.push(value);
    if (level > 0) items.sort(ascending);
    if (++this.itemCount >= this.capacity) this.compress();
  }

  /** Adds another sketch's items level by level, then compacts to capacity. */
  absorb(other: KllLevels): void {
    while (this.levels.length < other.levels.length) this.addLevel();
    other.levels.forEach((items, h) => {
      const mine = this.levels[h]!;
      for (const v of items) mine.push(v);
      if (h > 0) mine.sort(ascending);
      this.itemCount += items.length;
    });
    this.compactions += other.compactions;
    this.compress();
  }

  /** Restores a state read from bytes (validated by the caller). */
  load(levels: readonly (readonly number[])[], compactions: number): void {
    this.levels.length = 0;
    this.itemCount = 0;
    for (const items of levels) {
      this.levels.push([...items]);
      this.itemCount += items.length;
    }
    this.compactions = compactions;
    this.capacity = this.totalCapacity();
  }

  private addLevel(): void {
    this.levels.push([]);
    this.capacity = this.totalCapacity();
  }

  private totalCapacity(): number {
    let total = 0;
    for (let h = 0; h < this.levels.length; h++)
      total += levelCapacity(this.k, this.levels.length, h, this.guard);
    return total;
  }

  private compress(): void {
    while (this.itemCount >= this.capacity) this.compactLevel(this.lowestFullLevel());
  }

  private lowestFullLevel(): number {
    const count = this.levels.length;
    for (let h = 0; h < count; h++) {
      if (this.levels[h]!.length >= levelCapacity(this.k, count, h, this.guard)) return h;
    }
    // Total over capacity implies some level is; unreachable, but stay total.
    return 0;
  }

  private compactLevel(h: number): void {
    if (h + 1 === this.levels.length) this.addLevel();
    const items = this.levels[h]!;
    if (h === 0) items.sort(ascending);
    const coin = this.coin(h);
    const g = this.guard;
    const middle = items.slice(g, items.length - g);
    const stay = [...items.slice(0, g), ...items.slice(items.length - g)];
    // With an odd count one item stays behind, so total weight is preserved exactly.
    if (middle.length % 2 === 1) stay.push(coin === 0 ? middle.shift()! : middle.pop()!);
    const up = this.levels[h + 1]!;
    for (let i = coin; i < middle.length; i += 2) up.push(middle[i]!);
    up.sort(ascending);
    this.itemCount -= middle.length / 2;
    items.length = 0;
    for (const v of stay) items.push(v);
    if (h > 0) items.sort(ascending);
    this.compactions++;
  }

  private coin(h: number): number {
    // An integer hash (murmur3 finaliser) of (compactions, level): a fair, repeatable bit.
    let x = (Math.imul(this.compactions, 0x9e3779b1) + Math.imul(h + 1, 0x85ebca6b)) | 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return (x ^ (x >>> 16)) & 1;
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
