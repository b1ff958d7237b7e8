import type { FeatureQuality, Quality } from './quality.schemas.js';

/**
 * Data quality per feature and window (docs/statistics.md#data-quality),
 * from counts. The counts come exactly from raw values (`countOutOfRange`, `countUnseen`), or
 * from summaries (`estimateOutOfRange`): a window's summary is folded before anyone knows
 * which reference it will meet, so it cannot count "outside the reference range" itself.
 */

export interface ValueRange {
  min: number;
  max: number;
}

export interface QualityCounts {
  name: string;
  type: 'numerical' | 'categorical';
  /** Present (non-missing) values. */
  present: number;
  missing: number;
  /** Numerical: present values outside the reference range (may be fractional when estimated). */
  outOfRange?: number;
  /** Categorical: present values of categories the reference does not have. */
  unseen?: number;
  approximate?: boolean;
}

export function featureQuality(c: QualityCounts): FeatureQuality {
  const rows = c.present + c.missing;
  const ofPresent = (n: number | undefined) =>
    n === undefined || c.present === 0 ? null : clampShare(n / c.present);
  return {
    name: c.name,
    type: c.type,
    rows,
    missing: c.missing,
    missingShare: rows === 0 ? null : c.missing / rows,
    outOfRangeShare: c.type === 'numerical' ? ofPresent(c.outOfRange) : null,
    unseenCategoryShare: c.type === 'categorical' ? ofPresent(c.unseen) : null,
    approximate: c.approximate ?? false,
  };
}

export function quality(rows: number, rejected: number, features: readonly QualityCounts[]): Quality {
  return { rows, rejected, features: features.map(featureQuality) };
}

/** Exactly: how many values lie below range.min or above range.max. */
export function countOutOfRange(values: ArrayLike<number>, range: ValueRange | null): number {
  if (range === null) return 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < range.min || v > range.max) n++;
  }
  return n;
}

/** What `estimateOutOfRange` needs of a window's numerical summary. */
export interface RangeSummary {
  /** Present values. */
  count: number;
  /** Exact minimum and maximum of the present values. */
  min: number;
  max: number;
  /** Values < x and values ≤ x, from the summary's quantile sketch. */
  countBelow(x: number): number;
  countAtOrBelow(x: number): number;
  /** True while the sketch holds every value exactly. */
  exact: boolean;
}

/**
 * Values outside the range, from a summary. The exact min and max answer the common case
 * exactly (no value beyond a side when the window's extreme is within it); otherwise the
 * sketch's CDF gives the count, exact while the sketch is exact, and within the sketch's
 * rank error (a fraction of the window's count) once it has compacted.
 */
export function estimateOutOfRange(
  summary: RangeSummary,
  range: ValueRange | null,
): { count: number; approximate: boolean } {
  if (range === null || summary.count === 0) return { count: 0, approximate: false };
  const belowNeeded = summary.min < range.min;
  const aboveNeeded = summary.max > range.max;
  const below = belowNeeded ? summary.countBelow(range.min) : 0;
  const above = aboveNeeded ? summary.count - summary.countAtOrBelow(range.max) : 0;
  return {
    count: Math.min(summary.count, below + above),
    approximate: (belowNeeded || aboveNeeded) && !summary.exact,
  };
}

/** Present values whose category the reference has not seen. */
export function countUnseen(
  reference: ReadonlyMap<string, number>,
  window: ReadonlyMap<string, number>,
): number {
  let n = 0;
  for (const [category, count] of window) if ((reference.get(category) ?? 0) === 0) n += count;
  return n;
}

function clampShare(x: number): number {
  return Math.min(1, Math.max(0, x));
}
