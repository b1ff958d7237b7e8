/**
 * Drift measures for numerical features on raw values, as docs/statistics.md defines them.
 * Missing values (null, NaN) are ignored. Each function here has a twin fed by summaries
 * elsewhere; the shared pieces (ksPValue, normalizeWasserstein, bins) are exported for it.
 */
import { kstwoSf } from './kolmogorov.js';
import type { TestResult } from './types.js';
import { scaleFor } from '../summaries/moments.js';
import { CompensatedSum } from './sum.js';
import { sortedPresent, type RawNumber } from './values.js';

export {
  binCounts,
  binnedMeasures,
  binnedMeasuresFromCounts,
  decileEdges,
  type BinnedMeasures,
} from './bins.js';

export type { TestResult } from './types.js';

/** Two-sample Kolmogorov-Smirnov test, as `scipy.stats.ks_2samp(ref, cur, method="asymp")`. */
export function ksTest(ref: readonly RawNumber[], cur: readonly RawNumber[]): TestResult {
  return ksTestSorted(sortedPresent(ref), sortedPresent(cur));
}

/** ksTest on present values already sorted ascending (sorting dominates the cost). */
export function ksTestSorted(a: Float64Array, b: Float64Array): TestResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('ksTest needs values on both sides');
  return ksResult(ksStatistic(a, b), a.length, b.length);
}

/** D with its p-value; null where SciPy's is nan (n = m = 1: its effective sample size rounds to 0). */
export function ksResult(statistic: number, n: number, m: number): TestResult {
  const pValue = ksPValue(statistic, n, m);
  return { statistic, pValue: Number.isNaN(pValue) ? null : pValue };
}

/**
 * The two-sided asymptotic p-value of ks_2samp for a statistic D and sample sizes n, m.
 * SciPy 1.10 evaluates the one-sample Kolmogorov distribution (kstwo) at
 * N = round(n·m / (n + m)), rounding half to even as numpy does.
 */
export function ksPValue(statistic: number, n: number, m: number): number {
  if (!(n >= 1 && m >= 1)) throw new RangeError(`ksPValue needs both sizes >= 1 (got ${n}, ${m})`);
  const [big, small] = n >= m ? [n, m] : [m, n];
  const effective = roundHalfEven((big * small) / (big + small));
  return Math.min(1, Math.max(0, kstwoSf(statistic, effective)));
}

/** D = sup |F_ref − F_cur| over sorted samples, with ECDFs that count ties (F(x) = #≤x / n). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length || j < b.length) {
    const x = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Normalization floor for the reference standard deviation (a constant reference has std 0). */
export const WASSERSTEIN_MIN_STD = 0.001;

/** W1(ref, cur) / max(std(ref, ddof=0), 0.001); W1 as `scipy.stats.wasserstein_distance`. */
export function wassersteinNormalized(ref: readonly RawNumber[], cur: readonly RawNumber[]): number {
  return wassersteinNormalizedSorted(sortedPresent(ref), sortedPresent(cur));
}

/** wassersteinNormalized on present values already sorted ascending. */
export function wassersteinNormalizedSorted(a: Float64Array, b: Float64Array): number {
  if (a.length === 0 || b.length === 0) throw new RangeError('wasserstein needs values on both sides');
  return normalizeWasserstein(halfWasserstein1(a, b), populationStd(a));
}

/**
 * Divides a W1 distance, given halved, by the reference standard deviation floored at 0.001.
 * Halved, because values up to ±1.8e308 are 3.6e308 apart (beyond the double range) while half
 * of it is not; halving and doubling by 2 is exact. A result beyond the double range (a spread
 * of 1e305 against a constant reference) reads as the largest double, which is still drift.
 */
export function normalizeWasserstein(halfW1: number, referenceStd: number): number {
  return Math.min((halfW1 / Math.max(referenceStd, WASSERSTEIN_MIN_STD)) * 2, Number.MAX_VALUE);
}

/** ½ ∫ |F_a − F_b| dx over sorted samples: half the area between the two ECDF step functions. */
export function halfWasserstein1(a: Float64Array, b: Float64Array): number {
  const sum = new CompensatedSum();
  let i = 0;
  let j = 0;
  let x = Math.min(a[0]!, b[0]!);
  while (i < a.length || j < b.length) {
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    if (i === a.length && j === b.length) break;
    const next = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    sum.add(Math.abs(i / a.length - j / b.length) * (next / 2 - x / 2));
    x = next;
  }
  return sum.value();
}

/** Standard deviation with ddof = 0, two-pass as numpy computes it. */
export function populationStd(values: ArrayLike<number>): number {
  // On values divided by a power of two (exact, and 1 below 2), so that no sum overflows.
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  const scale = scaleFor(largest);
  const total = new CompensatedSum();
  for (let i = 0; i < values.length; i++) total.add(values[i]! / scale);
  const mean = total.value() / values.length;
  const squares = new CompensatedSum();
  for (let i = 0; i < values.length; i++) squares.add((values[i]! / scale - mean) ** 2);
  return Math.sqrt(squares.value() / values.length) * scale;
}
