import { SummaryFormatError } from '../bytes/format-error.js';
import { decodeNumericSummary, encodeNumericSummary } from '../summaries/numeric-codec.js';
import { addToMoments, mergeMoments, type Moments } from '../summaries/moments.js';
import { NumericSummary } from '../summaries/numeric-summary.js';
import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import type { RegressionMetrics } from './performance.schemas.js';

const KIND = 0x52; // 'R'
/** 2: the absolute-error sketch follows the sums. Version 1 (sums only) was never stored. */
const VERSION = 2;

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
 */
export class RegressionSummary {
  /** The pairs' count, and the mean and Σ (actual − mean(actual))² of their actuals. */
  private readonly actuals: Moments = { count: 0, mean: 0, m2: 0 };
  private absErrorSum = 0;
  private squaredErrorSum = 0;
  private absPercentageErrorSum = 0;
  /** Σ (predicted − actual). */
  private errorSum = 0;
  private absErrors = new NumericSummary();

  add(actual: number, predicted: number): this {
    if (!Number.isFinite(actual) || !Number.isFinite(predicted)) {
      throw new RangeError(`actual and predicted must be finite, got ${actual} and ${predicted}`);
    }
    const error = predicted - actual;
    this.absErrorSum += Math.abs(error);
    this.absErrors.add(Math.abs(error));
    this.squaredErrorSum += error * error;
    this.absPercentageErrorSum += Math.abs(error) / Math.max(Math.abs(actual), MAPE_EPS);
    this.errorSum += error;
    addToMoments(this.actuals, actual);
    return this;
  }

  merge(other: RegressionSummary): this {
    if (other.labelled === 0) return this;
    mergeMoments(this.actuals, other.actuals);
    this.absErrorSum += other.absErrorSum;
    this.squaredErrorSum += other.squaredErrorSum;
    this.absPercentageErrorSum += other.absPercentageErrorSum;
    this.errorSum += other.errorSum;
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
    return {
      mae: this.absErrorSum / n,
      rmse: Math.sqrt(this.squaredErrorSum / n),
      mape: this.absPercentageErrorSum / n,
      r2: n >= 2 && this.actuals.m2 > 0 ? 1 - this.squaredErrorSum / this.actuals.m2 : null,
      meanError: this.errorSum / n,
      medianAbsoluteError: this.absoluteErrorQuantile(0.5),
      p90AbsoluteError: this.absoluteErrorQuantile(0.9),
    };
  }

  toBytes(): Uint8Array {
    const out = new ByteWriter().header(KIND, VERSION).varint(this.labelled);
    for (const value of this.sums()) out.f64(value);
    return out.blob(encodeNumericSummary(this.absErrors)).finish();
  }

  static fromBytes(bytes: Uint8Array): RegressionSummary {
    const input = new ByteReader(bytes, 'regression summary');
    input.header(KIND, VERSION);
    const summary = new RegressionSummary();
    summary.actuals.count = input.varint();
    summary.absErrorSum = input.f64();
    summary.squaredErrorSum = input.f64();
    summary.absPercentageErrorSum = input.f64();
    summary.errorSum = input.f64();
    summary.actuals.mean = input.f64();
    summary.actuals.m2 = input.f64();
    summary.absErrors = readErrorSketch(input, summary.labelled);
    input.end();
    if (!summary.sums().every(Number.isFinite)) input.fail('a sum is not finite');
    const nonNegative = [summary.absErrorSum, summary.squaredErrorSum, summary.absPercentageErrorSum];
    if (!nonNegative.every((v) => v >= 0) || summary.actuals.m2 < 0)
      input.fail('a sum of magnitudes is negative');
    if (summary.labelled === 0 && summary.sums().some((v) => v !== 0)) input.fail('sums without pairs');
    return summary;
  }

  private sums(): number[] {
    return [
      this.absErrorSum,
      this.squaredErrorSum,
      this.absPercentageErrorSum,
      this.errorSum,
      this.actuals.mean,
      this.actuals.m2,
    ];
  }
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
