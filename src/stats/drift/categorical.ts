/**
 * Drift tests for categorical features on aligned count vectors (one entry per category
 * of the union of reference and window categories, same order on both sides).
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { TestResult } from './types.js';
import type { RawCategory } from './values.js';

/**
 * Chi-square test of homogeneity on the 2 × K table [ref; cur], as
 * `scipy.stats.chi2_contingency(table, correction=False)`: Pearson's statistic against
 * expected counts from the margins, K − 1 degrees of freedom.
 */
export function chiSquareTest(refCounts: readonly number[], curCounts: readonly number[]): TestResult {
  assertAligned(refCounts, curCounts);
  const rows = [refCounts, curCounts];
  const rowTotals = rows.map(sum);
  const total = rowTotals[0]! + rowTotals[1]!;
  if (rowTotals[0] === 0 || rowTotals[1] === 0)
    throw new RangeError('chiSquareTest needs counts on both sides');
  const columns = refCounts.map((r, k) => r + curCounts[k]!).filter((c) => c > 0);
  const dof = columns.length - 1;
  // One non-empty category: both rows are the same distribution (SciPy returns 0 and 1).
  if (dof === 0) return { statistic: 0, pValue: 1 };
  let statistic = 0;
  rows.forEach((row, r) => {
    row.forEach((observed, k) => {
      const column = observed + rows[1 - r]![k]!;
      if (column === 0) return; // a category absent from both sides is no category
      const expected = (rowTotals[r]! * column) / total;
      statistic += (observed - expected) ** 2 / expected;
    });
  });
  return { statistic, pValue: chiSquareSf(statistic, dof) };
}

/**
 * P(χ²_dof ≥ x) as the regularized upper incomplete gamma Q(dof/2, x/2), the function
 * @stdlib's chi-square CDF is built on; 1 − CDF would round small p-values to 0.
 */
export function chiSquareSf(x: number, dof: number): number {
  return gammainc(x / 2, dof / 2, true, true);
}

/**
 * Pooled two-proportion z-test, two-sided, on [count of the first category, count of the
 * second]: z = (p_ref − p_cur) / sqrt(P(1 − P)(1/n_ref + 1/n_cur)), P the pooled share of
 * the first category; p = 2·Φ(−|z|). When neither side varies (P is 0 or 1) z is 0, p is 1.
 */
export function zTest(
  refCounts: readonly [number, number],
  curCounts: readonly [number, number],
): TestResult {
  const nRef = refCounts[0] + refCounts[1];
  const nCur = curCounts[0] + curCounts[1];
  if (nRef === 0 || nCur === 0) throw new RangeError('zTest needs counts on both sides');
  const pooled = (refCounts[0] + curCounts[0]) / (nRef + nCur);
  const variance = pooled * (1 - pooled) * (1 / nRef + 1 / nCur);
  if (variance === 0) return { statistic: 0, pValue: 1 };
  const statistic = (refCounts[0] / nRef - curCounts[0] / nCur) / Math.sqrt(variance);
  return { statistic, pValue: 2 * normalCdf(-Math.abs(statistic), 0, 1) };
}

export interface AlignedCounts {
  categories: string[];
  ref: number[];
  cur: number[];
}

/**
 * Aligns two category → count maps on the union of categories: reference categories in
 * their order, then categories seen only in the window, in theirs.
 */
export function alignCounts(
  ref: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  cur: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
): AlignedCounts {
  const refMap = toMap(ref);
  const curMap = toMap(cur);
  const categories = [...new Set([...refMap.keys(), ...curMap.keys()])];
  return {
    categories,
    ref: categories.map((c) => refMap.get(c) ?? 0),
    cur: categories.map((c) => curMap.get(c) ?? 0),
  };
}

/** Counts of each category (`String(value)`); missing values (null) are not counted. */
export function countCategories(values: readonly RawCategory[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function toMap(
  counts: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
): ReadonlyMap<string, number> {
  return counts instanceof Map ? counts : new Map(Object.entries(counts));
}

function assertAligned(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError(`categories differ: ${a.length} vs ${b.length}`);
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
