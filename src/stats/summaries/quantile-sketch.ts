import { TDigest } from './t-digest.js';
import { digestView } from './digest-view.js';
import {
  viewFromPairs,
  viewQuantile,
  weightAtOrBelow,
  weightBelow,
  type WeightedView,
} from './weighted-view.js';

/**
 * The quantile sketch of a numerical summary (docs/adr/0001-quantile-sketch.md):
 * - exact while the values take at most `exactLimit` distinct values: value →
 *   count, so constants, small integers, years and short tiles lose nothing;
 * - past that, a merging t-digest, plus exact counts for the values that were
 *   frequent when the switch happened ("atoms", such as the zeros of a
 *   zero-inflated feature): a t-digest smears a point mass over its neighbours,
 *   and decile edges that sit on a point mass move bins by its whole weight.
 */
export interface QuantileSketchOptions {
  /** t-digest compression δ: about 0.6·δ centroids, at most π/δ of the mass in one. */
  compression?: number;
  /** Distinct values kept exactly before switching to the t-digest. */
  exactLimit?: number;
}

export const DEFAULT_COMPRESSION = 500;
export const DEFAULT_EXACT_LIMIT = 1024;
/** A value holding at least this share at the switch keeps an exact count. */
const ATOM_MIN_SHARE = 1 / 256;
export const MAX_ATOMS = 32;

export type SketchState =
  | { mode: 'exact'; values: number[]; counts: number[] }
  | {
      mode: 'digest';
      atoms: number[];
      atomCounts: number[];
      means: number[];
      weights: number[];
      min: number;
      max: number;
    };

export class QuantileSketch {
  readonly compression: number;
  readonly exactLimit: number;
  private n = 0;
  private exact: Map<number, number> | null = new Map();
  /**
   * Exact values as decoded (ascending) with their counts, standing in for `exact` (then empty)
   * until something adds to them: a tile that is only merged from never needs their Map.
   */
  private decoded: { values: number[]; counts: number[] } | null = null;
  private atoms = new Map<number, number>();
  private digest: TDigest | null = null;
  private cachedView: WeightedView | null = null;

  constructor(options: QuantileSketchOptions = {}) {
    this.compression = options.compression ?? DEFAULT_COMPRESSION;
    this.exactLimit = options.exactLimit ?? DEFAULT_EXACT_LIMIT;
    if (!Number.isInteger(this.compression) || this.compression < 10 || this.compression > 100_000) {
      throw new RangeError(`compression must be an integer in 10–100000, got ${this.compression}`);
    }
    if (!Number.isInteger(this.exactLimit) || this.exactLimit < 1 || this.exactLimit > 1_000_000) {
      throw new RangeError(`exactLimit must be an integer in 1–1000000, got ${this.exactLimit}`);
    }
  }

  /** Number of values summarised. */
  get count(): number {
    return this.n;
  }

  /** True while every value and its count is held exactly. */
  get isExact(): boolean {
    return this.exact !== null;
  }

  /** Adds one finite value (the caller screens nulls and non-finite values). */
  add(value: number): void {
    this.n++;
    this.cachedView = null;
    if (this.exact !== null) {
      const exact = this.exactMap();
      const c = exact.get(value);
      if (c !== undefined) exact.set(value, c + 1);
      else if (exact.size < this.exactLimit) exact.set(value, 1);
      else this.switchToDigest().add(value);
      return;
    }
    const atom = this.atoms.get(value);
    if (atom !== undefined) this.atoms.set(value, atom + 1);
    else this.digest!.add(value);
  }

  /** Folds another sketch into this one; the other is left unchanged. */
  merge(other: QuantileSketch): void {
    if (other.n === 0) return;
    if (this.mergeExact(other)) return;
    const digest = this.digest ?? this.switchToDigest();
    for (const [v, c] of other.atoms) this.addCount(digest, v, c, true);
    digest.merge(other.digest!);
    this.capAtoms(digest);
  }

  /**
   * Folds a batch of sketches in order; they are left unchanged. One sketch merges as merge()
   * does. For more, exact values join as in merge() but digests join at the end, with one
   * compression, and atoms are capped once: a sketch of the same values within the same bounds
   * (docs/adr/0001-quantile-sketch.md), whose centroids can differ from merging one by one.
   */
  mergeAll(others: readonly QuantileSketch[]): void {
    if (others.length === 1) {
      this.merge(others[0]!);
      return;
    }
    const digests: TDigest[] = [];
    for (const other of others) {
      if (other.n === 0 || this.mergeExact(other)) continue;
      const digest = this.digest ?? this.switchToDigest();
      for (const [v, c] of other.atoms) this.addCount(digest, v, c, true);
      digests.push(other.digest!);
    }
    if (digests.length === 0) return;
    this.capAtoms(this.digest!);
    this.digest!.mergeAll(digests);
  }

  /** The distribution as sorted distinct values with cumulative counts. */
  view(): WeightedView {
    this.cachedView ??= this.buildView();
    return this.cachedView;
  }

  /** Share of values ≤ x (exact in exact mode). */
  cdf(x: number): number {
    return this.n === 0 ? Number.NaN : weightAtOrBelow(this.view(), x) / this.n;
  }

  /** Share of values < x. */
  cdfBelow(x: number): number {
    return this.n === 0 ? Number.NaN : weightBelow(this.view(), x) / this.n;
  }

  /** Quantile as `numpy.quantile(method="linear")` gives on the summarised values. */
  quantile(q: number): number {
    return viewQuantile(this.view(), q);
  }

  state(): SketchState {
    if (this.decoded !== null) {
      return { mode: 'exact', values: [...this.decoded.values], counts: [...this.decoded.counts] };
    }
    if (this.exact !== null) {
      const entries = [...this.exact].sort((a, b) => a[0] - b[0]);
      return { mode: 'exact', values: entries.map((e) => e[0]), counts: entries.map((e) => e[1]) };
    }
    const digest = this.digest!;
    digest.compress();
    const atoms = [...this.atoms].sort((a, b) => a[0] - b[0]);
    return {
      mode: 'digest',
      atoms: atoms.map((e) => e[0]),
      atomCounts: atoms.map((e) => e[1]),
      means: [...digest.means],
      weights: [...digest.weights],
      min: digest.min,
      max: digest.max,
    };
  }

  /** Rebuilds a sketch from a state that the codec has validated. */
  static fromState(state: SketchState, options: QuantileSketchOptions): QuantileSketch {
    const sketch = new QuantileSketch(options);
    if (state.mode === 'exact') {
      // v + 0: −0 and 0 are one value, as a Map's keys.
      sketch.decoded = { values: state.values.map((v) => v + 0), counts: [...state.counts] };
      sketch.n = state.counts.reduce((s, c) => s + c, 0);
      return sketch;
    }
    sketch.exact = null;
    state.atoms.forEach((v, i) => sketch.atoms.set(v, state.atomCounts[i]!));
    sketch.digest = new TDigest(sketch.compression);
    sketch.digest.load([...state.means], [...state.weights], state.min, state.max);
    sketch.n = sketch.digest.count + state.atomCounts.reduce((s, c) => s + c, 0);
    return sketch;
  }

  /**
   * Counts `other` in; true when it was exact and is merged, false when it holds a digest (only
   * its count is in then: its atoms and digest are the caller's to merge).
   */
  private mergeExact(other: QuantileSketch): boolean {
    this.n += other.n;
    this.cachedView = null;
    if (other.exact === null) return false;
    const { values, counts } = other.decoded ?? {
      values: [...other.exact.keys()],
      counts: [...other.exact.values()],
    };
    if (this.exact !== null && this.fitsExactly(values)) {
      const exact = this.exactMap();
      for (let i = 0; i < values.length; i++)
        exact.set(values[i]!, (exact.get(values[i]!) ?? 0) + counts[i]!);
      return true;
    }
    const digest = this.digest ?? this.switchToDigest();
    for (let i = 0; i < values.length; i++) this.addCount(digest, values[i]!, counts[i]!);
    return true;
  }

  /** The exact values' Map, built from the decoded ones on first use. */
  private exactMap(): Map<number, number> {
    const exact = this.exact!;
    if (this.decoded !== null) {
      const { values, counts } = this.decoded;
      for (let i = 0; i < values.length; i++) exact.set(values[i]!, counts[i]!);
      this.decoded = null;
    }
    return exact;
  }

  private fitsExactly(values: readonly number[]): boolean {
    const exact = this.exactMap();
    let added = 0;
    for (const v of values) if (!exact.has(v)) added++;
    return exact.size + added <= this.exactLimit;
  }

  /** Leaves exact mode: frequent values stay exact as atoms, the rest go to a t-digest. */
  private switchToDigest(): TDigest {
    const exact = this.exactMap();
    const total = [...exact.values()].reduce((s, c) => s + c, 0);
    const frequent = [...exact]
      .filter(([, c]) => c >= 2 && c >= total * ATOM_MIN_SHARE)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_ATOMS);
    const digest = new TDigest(this.compression);
    this.atoms = new Map(frequent);
    for (const [v, c] of exact) if (!this.atoms.has(v)) digest.add(v, c);
    this.exact = null;
    this.digest = digest;
    return digest;
  }

  private addCount(digest: TDigest, value: number, count: number, mayBecomeAtom = false): void {
    const atom = this.atoms.get(value);
    if (atom !== undefined) this.atoms.set(value, atom + count);
    else if (mayBecomeAtom) this.atoms.set(value, count);
    else digest.add(value, count);
  }

  /** Keeps the MAX_ATOMS heaviest atoms; lighter ones join the digest as weighted points. */
  private capAtoms(digest: TDigest): void {
    if (this.atoms.size <= MAX_ATOMS) return;
    const ranked = [...this.atoms].sort((a, b) => b[1] - a[1]);
    for (const [v, c] of ranked.slice(MAX_ATOMS)) {
      this.atoms.delete(v);
      digest.add(v, c);
    }
  }

  private buildView(): WeightedView {
    if (this.decoded !== null) return viewFromPairs(this.decoded.values, this.decoded.counts);
    if (this.exact !== null) return viewFromPairs([...this.exact.keys()], [...this.exact.values()]);
    return digestView(this.digest!, this.atoms);
  }
}
