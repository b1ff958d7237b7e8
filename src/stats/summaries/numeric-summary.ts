import { ScaledMoments } from './moments.js';
import { QuantileSketch, type QuantileSketchOptions } from './quantile-sketch.js';

/**
 * Mergeable summary of one numerical feature over a tile (docs/architecture.md#tiles):
 * count, nulls, sum, min, max, the mean and the sum of squared deviations M2, and
 * a quantile sketch.
 *
 * M2 stands in for a raw sum of squares, which cancels for values far from zero; the moments
 * and the sum are kept scaled so that no finite value can overflow them (moments.ts).
 */
export class NumericSummary extends ScaledMoments {
  /** Nulls, undefined and NaN. */
  nulls = 0;
  /** Σx / scale. */
  scaledSum = 0;
  min = Infinity;
  max = -Infinity;
  readonly sketch: QuantileSketch;

  constructor(options: QuantileSketchOptions = {}, sketch?: QuantileSketch) {
    super();
    this.sketch = sketch ?? new QuantileSketch(options);
  }

  /** Adds a value; null, undefined and NaN count as missing. ±Infinity is refused. */
  override add(value: number | null | undefined): void {
    if (value === null || value === undefined || Number.isNaN(value)) {
      this.nulls++;
      return;
    }
    if (!Number.isFinite(value)) throw new RangeError(`numeric summary: value ${value} is not finite`);
    super.add(value);
    this.scaledSum += value / this.scale;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sketch.add(value);
  }

  /** Folds another summary into this one; the other is left as it was. */
  override merge(other: NumericSummary): void {
    this.mergeAll([other]);
  }

  /**
   * Folds a batch in order, the others left as they were: moments and sums as merging them one
   * by one gives; the sketches as QuantileSketch.mergeAll (one t-digest compression for all).
   */
  mergeAll(others: readonly NumericSummary[]): void {
    const sketches: QuantileSketch[] = [];
    for (const other of others) {
      this.nulls += other.nulls;
      if (other.count === 0) continue;
      super.merge(other);
      this.scaledSum += other.scaledSum * (other.scale / this.scale);
      this.min = Math.min(this.min, other.min);
      this.max = Math.max(this.max, other.max);
      sketches.push(other.sketch);
    }
    if (sketches.length > 0) this.sketch.mergeAll(sketches);
  }

  /** Σx; ±Infinity beyond the double range. */
  get sum(): number {
    return this.scaledSum * this.scale;
  }

  /** Σx², derived from M2: M2 + n·mean² (Infinity beyond the double range). */
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

  protected override onRescale(ratio: number): void {
    this.scaledSum *= ratio;
  }
}
