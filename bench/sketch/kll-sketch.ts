import { viewFromPairs, type WeightedView } from '../../src/stats/summaries/weighted-view.js';
import { KllLevels } from './kll-levels.js';

/**
 * The KLL candidate of the comparison (not used by the service; see
 * docs/adr/0001-quantile-sketch.md): exact value → count while there are at most
 * `exactLimit` distinct values, then KLL levels; counts move into the levels by
 * their binary digits, which is lossless.
 */
export class KllSketch {
  n = 0;
  private exact: Map<number, number> | null = new Map();
  private kll: KllLevels | null = null;

  constructor(
    readonly k: number,
    readonly exactLimit: number,
    readonly guard = 0,
  ) {}

  add(value: number): void {
    this.n++;
    const exact = this.exact;
    if (exact === null) return this.kll!.push(value);
    const c = exact.get(value);
    if (c !== undefined) exact.set(value, c + 1);
    else if (exact.size < this.exactLimit) exact.set(value, 1);
    else this.toKll().push(value);
  }

  merge(other: KllSketch): void {
    this.n += other.n;
    if (other.exact !== null && this.exact !== null) {
      const merged = new Map(this.exact);
      for (const [v, c] of other.exact) merged.set(v, (merged.get(v) ?? 0) + c);
      if (merged.size <= this.exactLimit) {
        this.exact = merged;
        return;
      }
    }
    const kll = this.exact !== null ? this.toKll() : this.kll!;
    if (other.exact !== null) for (const [v, c] of other.exact) insertCount(kll, v, c);
    else kll.absorb(other.kll!);
  }

  /** Serialized size: 8 bytes per item (exact: plus a 1–3 byte count), ~16 bytes of header. */
  bytes(): number {
    if (this.exact !== null) return 16 + this.exact.size * 10;
    return 16 + this.kll!.size * 8 + this.kll!.levels.length * 2;
  }

  view(): WeightedView {
    if (this.exact !== null) return viewFromPairs([...this.exact.keys()], [...this.exact.values()]);
    const values: number[] = [];
    const weights: number[] = [];
    this.kll!.levels.forEach((items, h) => {
      for (const v of items) {
        values.push(v);
        weights.push(2 ** h);
      }
    });
    return viewFromPairs(values, weights);
  }

  private toKll(): KllLevels {
    const kll = new KllLevels(this.k, this.guard);
    for (const [v, c] of this.exact!) insertCount(kll, v, c);
    this.exact = null;
    this.kll = kll;
    return kll;
  }
}

function insertCount(kll: KllLevels, value: number, count: number): void {
  for (let h = 0, c = count; c > 0; h++, c = Math.floor(c / 2)) {
    if (c % 2 === 1) kll.insert(value, h);
  }
}
