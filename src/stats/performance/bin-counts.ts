import type { ByteReader } from '../bytes/byte-reader.js';
import type { ByteWriter } from '../bytes/byte-writer.js';
import { SCORE_GRID_BINS } from './score-grid.js';

const NO_BINS = new Int32Array(0);
const NO_VALUES = new Float64Array(0);
/** A batch holding at least this many entries in all is summed on the dense grid. */
const DENSE_BATCH = SCORE_GRID_BINS / 16;

/**
 * Sparse non-negative values per score-grid bin (counts, or sums of scores). A tile occupies a
 * few hundred to a few thousand of the 131,072 bins, so only occupied bins are held: ascending
 * bin indices beside their values, in typed arrays (docs/adr/0003-summary-core.md §5). Merging
 * two is a linear merge of two sorted runs; a large batch is summed on a dense grid.
 *
 * Every bin's value is summed in the order its amounts arrived (adds in call order, then each
 * merged summary in turn), as a Map filled by `add` would sum it, so sums of scores come out
 * the same to the bit however merges are grouped. Adds wait in a Map of their bins' running
 * values until the sorted runs are next read.
 */
export class BinValues {
  private bins: Int32Array = NO_BINS;
  private values: Float64Array = NO_VALUES;
  private length = 0;
  private pending: Map<number, number> | null = null;

  add(bin: number, amount: number): void {
    const pending = (this.pending ??= new Map());
    pending.set(bin, (pending.get(bin) ?? this.sortedValue(bin)) + amount);
  }

  get(bin: number): number {
    return this.pending?.get(bin) ?? this.sortedValue(bin);
  }

  /** Adds another's values bin by bin; the other is left unchanged. */
  merge(other: BinValues): void {
    this.settle();
    other.settle();
    const n = this.length;
    const m = other.length;
    if (m === 0) return;
    if (this.bins.length < n + m) this.resize(Math.max(n + m, 2 * n));
    const { bins, values } = this;
    const theirBins = other.bins;
    const theirValues = other.values;
    // Backwards, so that the merged run can fill the same arrays ahead of this one's unread part.
    let i = n - 1;
    let j = m - 1;
    let k = n + m - 1;
    for (; j >= 0; k--) {
      const bin = theirBins[j]!;
      if (i >= 0 && bins[i]! > bin) {
        bins[k] = bins[i]!;
        values[k] = values[i--]!;
      } else {
        bins[k] = bin;
        values[k] = i >= 0 && bins[i] === bin ? values[i--]! + theirValues[j]! : theirValues[j]!;
        j--;
      }
    }
    // bins[0..i] have not moved; each bin the two shared left one free slot after them.
    if (k > i) {
      bins.copyWithin(i + 1, k + 1, n + m);
      values.copyWithin(i + 1, k + 1, n + m);
    }
    this.length = n + m - (k - i);
  }

  /** Merges a batch, in order: the same sums as merging them one by one. */
  mergeAll(others: readonly BinValues[]): void {
    let entries = this.size;
    for (const other of others) entries += other.size;
    if (others.length < 3 || entries < DENSE_BATCH) {
      for (const other of others) this.merge(other);
      return;
    }
    const sums = new Float64Array(SCORE_GRID_BINS);
    const occupied = new Uint8Array(SCORE_GRID_BINS);
    for (const run of [this, ...others]) {
      const { bins, values, length } = run;
      for (let i = 0; i < length; i++) {
        const bin = bins[i]!;
        sums[bin]! += values[i]!;
        occupied[bin] = 1;
      }
    }
    let size = 0;
    for (let bin = 0; bin < SCORE_GRID_BINS; bin++) size += occupied[bin]!;
    if (this.bins.length < size) this.resize(size);
    const { bins, values } = this;
    let k = 0;
    for (let bin = 0; bin < SCORE_GRID_BINS; bin++) {
      if (occupied[bin] === 0) continue;
      bins[k] = bin;
      values[k++] = sums[bin]!;
    }
    this.length = size;
  }

  /** Occupied bins. */
  get size(): number {
    this.settle();
    return this.length;
  }

  /** The i-th occupied bin in ascending order, i < size. */
  binAt(i: number): number {
    this.settle();
    return this.bins[i]!;
  }

  /** The value of the i-th occupied bin. */
  valueAt(i: number): number {
    this.settle();
    return this.values[i]!;
  }

  total(): number {
    this.settle();
    let sum = 0;
    for (let i = 0; i < this.length; i++) sum += this.values[i]!;
    return sum;
  }

  /** Makes room for `capacity` occupied bins in all (a decoder that knows how many follow). */
  reserve(capacity: number): void {
    this.settle();
    if (this.bins.length < capacity) this.resize(capacity);
  }

  /** Occupies a bin above every occupied one (decoding sorted bins). */
  append(bin: number, value: number): void {
    this.settle();
    if (this.length > 0 && !(bin > this.bins[this.length - 1]!)) {
      throw new RangeError(`bin ${bin} appended at or below an occupied bin`);
    }
    if (this.bins.length === this.length) this.resize(Math.max(16, 2 * this.length));
    this.bins[this.length] = bin;
    // 0 + value, as adding to an empty bin gives: a stored −0 reads as 0.
    this.values[this.length++] = 0 + value;
  }

  /** Makes room for `capacity` entries. */
  private resize(capacity: number): void {
    const bins = new Int32Array(capacity);
    const values = new Float64Array(capacity);
    bins.set(this.bins.subarray(0, this.length));
    values.set(this.values.subarray(0, this.length));
    this.bins = bins;
    this.values = values;
  }

  /** Moves pending adds into the sorted runs; a pending value replaces the bin's sorted one. */
  private settle(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const added = Int32Array.from(pending.keys()).sort();
    const n = this.length;
    const m = added.length;
    const { bins, values } = this;
    const mergedBins = new Int32Array(n + m);
    const mergedValues = new Float64Array(n + m);
    let i = 0;
    let k = 0;
    for (let j = 0; j < m; k++) {
      const bin = added[j]!;
      if (i < n && bins[i]! < bin) {
        mergedBins[k] = bins[i]!;
        mergedValues[k] = values[i++]!;
      } else {
        if (i < n && bins[i] === bin) i++;
        mergedBins[k] = bin;
        mergedValues[k] = pending.get(bin)!;
        j++;
      }
    }
    mergedBins.set(bins.subarray(i, n), k);
    mergedValues.set(values.subarray(i, n), k);
    this.bins = mergedBins;
    this.values = mergedValues;
    this.length = k + n - i;
  }

  /** The value of `bin` in the sorted runs (0 when unoccupied), by binary search. */
  private sortedValue(bin: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bins[mid]! < bin) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.length && this.bins[lo] === bin ? this.values[lo]! : 0;
  }
}

/**
 * Calls `visit` for each bin occupied in `a` or `b`, ascending, with its index in each (−1 where
 * that one does not occupy it).
 */
export function forEachBin(
  a: BinValues,
  b: BinValues,
  visit: (bin: number, i: number, j: number) => void,
): void {
  const n = a.size;
  const m = b.size;
  for (let i = 0, j = 0; i < n || j < m;) {
    const binA = i < n ? a.binAt(i) : SCORE_GRID_BINS;
    const binB = j < m ? b.binAt(j) : SCORE_GRID_BINS;
    if (binA === binB) visit(binA, i++, j++);
    else if (binA < binB) visit(binA, i++, -1);
    else visit(binB, -1, j++);
  }
}

/** Writes bins with integer counts (and, when given, a float64 sum per bin). */
export function writeBinCounts(out: ByteWriter, counts: BinValues, sums?: BinValues): void {
  const occupied = counts.size;
  out.varint(occupied);
  let previous = 0;
  for (let i = 0; i < occupied; i++) {
    const bin = counts.binAt(i);
    out.varint(bin - previous).varint(counts.valueAt(i));
    if (sums) out.f64(sums.get(bin));
    previous = bin;
  }
}

/** Reads what writeBinCounts wrote into empty BinValues; `sums` is filled when given. */
export function readBinCounts(input: ByteReader, counts: BinValues, sums?: BinValues): void {
  const occupied = input.varint();
  // A corrupt count fails below, bin by bin; it must not allocate more than the grid first.
  counts.reserve(Math.min(occupied, SCORE_GRID_BINS));
  sums?.reserve(Math.min(occupied, SCORE_GRID_BINS));
  let bin = 0;
  for (let i = 0; i < occupied; i++) {
    const delta = input.varint();
    if (i > 0 && delta === 0) input.fail('bins out of order');
    bin += delta;
    if (bin >= SCORE_GRID_BINS) input.fail(`bin ${bin} outside the score grid`);
    const count = input.varint();
    if (count === 0) input.fail('an empty bin was stored');
    counts.append(bin, count);
    if (sums) {
      const sum = input.f64();
      if (!(sum >= 0 && sum <= count)) input.fail(`score sum ${sum} impossible for ${count} scores`);
      sums.append(bin, sum);
    }
  }
}
