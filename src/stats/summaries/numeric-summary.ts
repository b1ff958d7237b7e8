import { addToMoments, mergeMoments, type Moments } from './moments.js';
import { QuantileSketch, type QuantileSketchOptions } from './quantile-sketch.js';

/**
 * Mergeable summary of one numerical feature over a tile (DESIGN.md "Tiles"):
 * count, nulls, sum, min, max, the mean and the sum of squared deviations M2, and
 * a quantile sketch.
 *
 * M2 stands in for a raw sum of squares, which cancels for values far from zero
 * (moments.ts); `sumOfSquares` is still available, derived from M2.
 */
export class NumericSummary implements Moments {
  /** Non-null values. */
  count = 0;
  /** Nulls, undefined and NaN. */
  nulls = 0;
  sum = 0;
  mean = 0;
  /** Σ (x − mean)². */
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  readonly sketch: QuantileSketch;

  constructor(options: QuantileSketchOptions = {}, sketch?: QuantileSketch) {
    this.sketch = sketch ?? new QuantileSketch(options);
  }

  /** Adds a value; null, undefined and NaN count as missing. ±Infinity is refused. */
  add(value: number | null | undefined): void {
    if (value === null || value === undefined || Number.isNaN(value)) {
      this.nulls++;
      return;
    }
    if (!Number.isFinite(value)) throw new RangeError(`numeric summary: value ${value} is not finite`);
    addToMoments(this, value);
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sketch.add(value);
  }

  /** Folds another summary into this one; the other is left as it was. */
  merge(other: NumericSummary): void {
    this.nulls += other.nulls;
    if (other.count === 0) return;
    mergeMoments(this, other);
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.sketch.merge(other.sketch);
  }

  /** Population variance (ddof = 0, as `numpy.var`); NaN when empty. */
  get variance(): number {
    return this.count === 0 ? Number.NaN : this.m2 / this.count;
  }

  /** Population standard deviation (ddof = 0, as `numpy.std`). */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  /** Σx², derived from M2: M2 + n·mean². */
  get sumOfSquares(): number {
    return this.m2 + this.count * this.mean * this.mean;
  }

  quantile(q: number): number {
    return this.sketch.quantile(q);
  }

  /** Share of non-null values ≤ x. */
  cdf(x: number): number {
    return this.sketch.cdf(x);
  }
}
