/**
 * Count, mean and M2 = Σ (x − mean)² of a stream of values: Welford's update and the merge of
 * Chan, Golub and LeVeque (1983). M2 stands in for a raw sum of squares, which cancels
 * catastrophically for values far from zero with a small spread (years: 2020 ± 3 gives
 * Σx² − (Σx)²/n = 4·10⁶ − 4·10⁶), while these updates keep the spread's digits.
 *
 * Every finite double folds in without overflow: the moments are kept of x / scale, where the
 * scale is a power of two, at least 1, with |x| / scale < 2 for every value seen. Dividing by a
 * power of two is exact, and rounding commutes with it, so the results are bit for bit those of
 * the unscaled updates wherever those stay finite (and for |x| < 2, where the scale is 1, the
 * arithmetic is the same). Only the unscaled read-outs can leave the double range: `m2` and
 * `variance` read Infinity when their true value exceeds ~1.8e308, while `std` and `mean` stay
 * finite for every input.
 */
export class ScaledMoments {
  count = 0;
  /** A power of two ≥ 1; every value folded in has |x| / scale < 2. */
  scale = 1;
  /** mean / scale. */
  scaledMean = 0;
  /** M2 / scale². */
  scaledM2 = 0;

  add(value: number): void {
    this.fit(scaleFor(Math.abs(value)));
    const x = value / this.scale;
    this.count += 1;
    const delta = x - this.scaledMean;
    this.scaledMean += delta / this.count;
    this.scaledM2 += delta * (x - this.scaledMean);
  }

  /** Folds `other` in; `other` is left as it was. */
  merge(other: ScaledMoments): void {
    if (other.count === 0) return;
    this.fit(other.scale);
    const ratio = other.scale / this.scale;
    const otherMean = other.scaledMean * ratio;
    const otherM2 = other.scaledM2 * ratio * ratio;
    const count = this.count + other.count;
    const delta = otherMean - this.scaledMean;
    this.scaledM2 += otherM2 + (delta * delta * this.count * other.count) / count;
    this.scaledMean += (delta * other.count) / count;
    this.count = count;
  }

  get mean(): number {
    return this.scaledMean * this.scale;
  }

  /** Σ (x − mean)²; Infinity beyond the double range. */
  get m2(): number {
    return this.scaledM2 * this.scale * this.scale;
  }

  /** Population variance (ddof = 0); NaN when empty, Infinity beyond the double range. */
  get variance(): number {
    return this.count === 0 ? Number.NaN : (this.scaledM2 / this.count) * this.scale * this.scale;
  }

  /** Population standard deviation (ddof = 0); finite for every input. */
  get std(): number {
    return this.count === 0 ? Number.NaN : Math.sqrt(this.scaledM2 / this.count) * this.scale;
  }

  /** Sets the state as stored (a codec's job); the caller has checked it. */
  load(state: { count: number; scale: number; scaledMean: number; scaledM2: number }): void {
    Object.assign(this, state);
  }

  /** Raises the scale to `scale` (never lowers it), rescaling what is held: exact. */
  protected fit(scale: number): void {
    if (scale <= this.scale) return;
    const ratio = this.scale / scale;
    this.scaledMean *= ratio;
    this.scaledM2 *= ratio * ratio;
    this.onRescale(ratio);
    this.scale = scale;
  }

  /** For subclasses that keep other sums at the same scale. */
  protected onRescale(_ratio: number): void {}
}

/** The smallest power of two ≥ 1 with magnitude / it < 2 (at most 2^1023: every finite double fits). */
export function scaleFor(magnitude: number): number {
  if (!(magnitude >= 2)) return 1;
  let exponent = Math.min(1023, Math.floor(Math.log2(magnitude)));
  // log2 may round across a power of two; settle it exactly.
  while (exponent > 0 && 2 ** exponent > magnitude) exponent--;
  while (exponent < 1023 && 2 ** (exponent + 1) <= magnitude) exponent++;
  return 2 ** exponent;
}

/** log2 of a scale from scaleFor (an integer 0 … 1023), as codecs store it. */
export function scaleExponent(scale: number): number {
  return Math.round(Math.log2(scale));
}
