import type { ByteReader } from '../bytes/byte-reader.js';
import type { ByteWriter } from '../bytes/byte-writer.js';
import { SCORE_GRID_BINS } from './score-grid.js';

/**
 * Sparse non-negative values per score-grid bin (counts, or sums of scores). A minute tile
 * occupies a few hundred of the 131,072 bins, so a Map beats a dense array in memory and
 * the stored form lists occupied bins only, as index deltas.
 */
export class BinValues {
  private readonly values = new Map<number, number>();

  add(bin: number, amount: number): void {
    this.values.set(bin, (this.values.get(bin) ?? 0) + amount);
  }

  get(bin: number): number {
    return this.values.get(bin) ?? 0;
  }

  merge(other: BinValues): void {
    for (const [bin, amount] of other.values) this.add(bin, amount);
  }

  /** Occupied bins in ascending order. */
  bins(): number[] {
    return [...this.values.keys()].sort((a, b) => a - b);
  }

  total(): number {
    let sum = 0;
    for (const amount of this.values.values()) sum += amount;
    return sum;
  }

  get size(): number {
    return this.values.size;
  }
}

/** Writes bins with integer counts (and, when given, a float64 sum per bin). */
export function writeBinCounts(out: ByteWriter, counts: BinValues, sums?: BinValues): void {
  const bins = counts.bins();
  out.varint(bins.length);
  let previous = 0;
  for (const bin of bins) {
    out.varint(bin - previous).varint(counts.get(bin));
    if (sums) out.f64(sums.get(bin));
    previous = bin;
  }
}

/** Reads what writeBinCounts wrote; `sums` is filled when given. */
export function readBinCounts(input: ByteReader, counts: BinValues, sums?: BinValues): void {
  const occupied = input.varint();
  let bin = 0;
  for (let i = 0; i < occupied; i++) {
    const delta = input.varint();
    if (i > 0 && delta === 0) input.fail('bins out of order');
    bin += delta;
    if (bin >= SCORE_GRID_BINS) input.fail(`bin ${bin} outside the score grid`);
    const count = input.varint();
    if (count === 0) input.fail('an empty bin was stored');
    counts.add(bin, count);
    if (sums) {
      const sum = input.f64();
      if (!(sum >= 0 && sum <= count)) input.fail(`score sum ${sum} impossible for ${count} scores`);
      sums.add(bin, sum);
    }
  }
}
