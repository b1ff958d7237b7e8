import { QuantileSketch, type QuantileSketchOptions } from './quantile-sketch.js';

/**
 * Mergeable summary of one numerical feature over a tile (DESIGN.md "Tiles"):
 * count, nulls, sum, min, max, the mean and the sum of squared deviations M2, and
 * a quantile sketch.
 *
 * M2 stands in for a raw sum of squares: Σx² − (Σx)²/n cancels catastrophically
 * for values far from zero with a small spread (years: 2020 ± 3 gives 4·10⁶ − 4·10⁶),
 * while Welford's update and Chan's merge (Chan, Golub, LeVeque 1983) keep the
 * spread's digits. `sumOfSquares` is still available, derived from M2.
 */
export class NumericSummary {
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
    this.count++;
    this.sum += value;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sketch.add(value);
  }

  /** Folds another summary into this one; the other is left as it was. */
  merge(other: NumericSummary): void {
    this.nulls += other.nulls;
    if (other.count === 0) return;
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.mean += (delta * other.count) / n;
    this.count = n;
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
