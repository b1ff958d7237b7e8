import { SummaryFormatError } from '../bytes/format-error.js';
import { decodeNumericSummary, encodeNumericSummary } from '../summaries/numeric-codec.js';
import { ScaledMoments, scaleExponent, scaleFor } from '../summaries/moments.js';
import { NumericSummary } from '../summaries/numeric-summary.js';
import { ldexp, ScaledSum, splitPow2 } from '../summaries/scaled-sum.js';
import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import type { RegressionMetrics } from './performance.schemas.js';

const KIND = 0x52; // 'R'
/**
 * 3: the sums are scaled (scaled-sum.ts, moments.ts) so that no pair of finite values overflows
 * them. 2: the sums as they were, then the absolute-error sketch (still read). Version 1 (sums
 * only) was never stored.
 */
const VERSION = 3;

/** sklearn's mean_absolute_percentage_error divides by max(|actual|, np.finfo(float64).eps). */
export const MAPE_EPS = Number.EPSILON;

/**
 * Error sums of a regression model's labelled pairs; every mean-based metric follows exactly
 * from them. R² needs Σ(y − ȳ)², kept as the running mean and sum of squared deviations of
 * the actuals (Welford and Chan, moments.ts) rather than Σy and Σy²: for actuals such as a
 * year (2020 ± 3), Σy² − (Σy)²/n loses most of its digits to cancellation.
 *
 * Quantiles of the error need its distribution, which no sum keeps: a NumericSummary of the
 * absolute errors |e| (its quantile sketch is exact up to 1024 distinct values, then a
 * t-digest; docs/adr/0001-quantile-sketch.md). It holds |e| rather than the signed e because
 * a quantile of |e| cannot be recovered from quantiles of e.
 *
 * Any two finite numbers are a valid pair, so e = predicted − actual can exceed the double range
 * (1e308 − (−1e308)). The sums are kept from h = e / 2 (predicted/2 − actual/2, the same bits as
 * (predicted − actual)/2 wherever that is finite) in ScaledSums, so they never overflow; a metric
 * whose true value is beyond the double range reads null; an |e| beyond it is held in the sketch
 * as the largest double.
 */
export class RegressionSummary {
  /** The pairs' count, and the mean and Σ (actual − mean(actual))² of their actuals. */
  private readonly actuals = new ScaledMoments();
  private absErrorSum = new ScaledSum();
  private squaredErrorSum = new ScaledSum();
  private absPercentageErrorSum = new ScaledSum();
  /** Σ (predicted − actual). */
  private errorSum = new ScaledSum();
  private absErrors = new NumericSummary();

  add(actual: number, predicted: number): this {
    if (!Number.isFinite(actual) || !Number.isFinite(predicted)) {
      throw new RangeError(`actual and predicted must be finite, got ${actual} and ${predicted}`);
    }
    const half = predicted / 2 - actual / 2;
    const absHalf = Math.abs(half);
    this.errorSum.add(half, 1);
    this.absErrorSum.add(absHalf, 1);
    this.absErrors.add(Math.min(absHalf * 2, Number.MAX_VALUE));
    const denominator = Math.max(Math.abs(actual), MAPE_EPS);
    if (absHalf * absHalf < Infinity && absHalf / denominator < Infinity) {
      this.squaredErrorSum.add(half * half, 2);
      this.absPercentageErrorSum.add(absHalf / denominator, 1);
    } else {
      const { m, k } = splitPow2(absHalf);
      this.squaredErrorSum.add(m * m, 2 + 2 * k);
      this.absPercentageErrorSum.add(m / denominator, 1 + k);
    }
    this.actuals.add(actual);
    return this;
  }

  merge(other: RegressionSummary): this {
    if (other.labelled === 0) return this;
    this.actuals.merge(other.actuals);
    this.absErrorSum.merge(other.absErrorSum);
    this.squaredErrorSum.merge(other.squaredErrorSum);
    this.absPercentageErrorSum.merge(other.absPercentageErrorSum);
    this.errorSum.merge(other.errorSum);
    this.absErrors.merge(other.absErrors);
    return this;
  }

  get labelled(): number {
    return this.actuals.count;
  }

  /**
   * The q-quantile of |predicted − actual| as `numpy.quantile(method="linear")`: exact while
   * the errors take at most 1024 distinct values, otherwise from the t-digest. NaN when empty.
   */
  absoluteErrorQuantile(q: number): number {
    return this.absErrors.quantile(q);
  }

  metrics(): RegressionMetrics {
    const n = this.labelled;
    if (n === 0) {
      return {
        mae: null,
        rmse: null,
        mape: null,
        r2: null,
        meanError: null,
        medianAbsoluteError: null,
        p90AbsoluteError: null,
      };
    }
    const sse = this.squaredErrorSum;
    const { scaledM2, scale } = this.actuals;
    return {
      mae: finite(this.absErrorSum.over(n)),
      rmse: finite(sse.sqrtOver(n)),
      mape: finite(this.absPercentageErrorSum.over(n)),
      // SSE / Σ(y − ȳ)², each scaled: both may be beyond the double range while their ratio is not.
      r2:
        n >= 2 && scaledM2 > 0
          ? finite(1 - ldexp(sse.scaled / scaledM2, sse.exponent - 2 * scaleExponent(scale)))
          : null,
      meanError: finite(this.errorSum.over(n)),
      medianAbsoluteError: this.absoluteErrorQuantile(0.5),
      p90AbsoluteError: this.absoluteErrorQuantile(0.9),
    };
  }

  /**
   * Version 3: pairs (varint); Σ|e|, Σe², Σ|e|/|y|, Σe as (scaled f64, exponent varint) each;
   * log2 of the actuals' scale (varint), their scaled mean and M2 (f64); the error sketch.
   */
  toBytes(): Uint8Array {
    const out = new ByteWriter().header(KIND, VERSION).varint(this.labelled);
    for (const sum of this.errorSums()) out.f64(sum.scaled).varint(sum.exponent);
    out.varint(scaleExponent(this.actuals.scale)).f64(this.actuals.scaledMean).f64(this.actuals.scaledM2);
    return out.blob(encodeNumericSummary(this.absErrors)).finish();
  }

  static fromBytes(bytes: Uint8Array): RegressionSummary {
    const input = new ByteReader(bytes, 'regression summary');
    const version = input.header(KIND, [2, VERSION]);
    const summary = new RegressionSummary();
    const count = input.varint();
    if (version === 2) readUnscaledSums(input, summary.errorSums(), summary.actuals, count);
    else {
      for (const sum of summary.errorSums()) sum.load(input.f64(), input.varint());
      const exponent = input.varint();
      if (exponent > 1023) input.fail(`scale 2^${exponent} is out of range`);
      summary.actuals.load({ count, scale: 2 ** exponent, scaledMean: input.f64(), scaledM2: input.f64() });
    }
    summary.absErrors = readErrorSketch(input, summary.labelled);
    input.end();
    const sums = summary.errorSums().map((s) => s.scaled);
    if (![...sums, summary.actuals.scaledMean, summary.actuals.scaledM2].every(Number.isFinite))
      input.fail('a sum is not finite');
    if (!sums.slice(0, 3).every((v) => v >= 0) || summary.actuals.scaledM2 < 0)
      input.fail('a sum of magnitudes is negative');
    if (summary.labelled === 0 && sums.some((v) => v !== 0)) input.fail('sums without pairs');
    return summary;
  }

  /** Σ|e|, Σe², Σ|e|/max(|y|, ε), Σe: the order they are stored in. */
  private errorSums(): ScaledSum[] {
    return [this.absErrorSum, this.squaredErrorSum, this.absPercentageErrorSum, this.errorSum];
  }
}

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Version 2 stored the four error sums, then the actuals' mean and M2, unscaled. */
function readUnscaledSums(input: ByteReader, sums: ScaledSum[], actuals: ScaledMoments, count: number): void {
  for (const sum of sums) sum.load(input.f64(), 0);
  const [mean, m2] = [input.f64(), input.f64()];
  // The actuals' extremes were not stored; the mean's scale keeps later updates in range.
  const scale = scaleFor(Math.abs(mean));
  actuals.load({ count, scale, scaledMean: mean / scale, scaledM2: m2 / scale / scale });
}

/** The nested absolute-error summary: one value per pair, none missing, none negative. */
function readErrorSketch(input: ByteReader, pairs: number): NumericSummary {
  let sketch: NumericSummary;
  try {
    sketch = decodeNumericSummary(input.blob());
  } catch (error) {
    if (error instanceof SummaryFormatError) input.fail(`error sketch: ${error.message}`);
    throw error;
  }
  if (sketch.count !== pairs || sketch.nulls !== 0) {
    input.fail(`error sketch holds ${sketch.count} values (${sketch.nulls} missing) for ${pairs} pairs`);
  }
  if (pairs > 0 && sketch.min < 0) input.fail('error sketch holds a negative absolute error');
  return sketch;
}
