import { compareNames, type CategoricalSummary } from './categorical-summary.js';

/**
 * A categorical feature's counts on both sides of a comparison (the reference and a window), for a
 * chart: the categories of either side, the `limit` most prominent named, the rest summed.
 *
 * Prominence is a category's larger share of the two sides (count / the side's present values),
 * so a category that is rare in the reference but common in the window (the interesting kind)
 * ranks with the common ones; ties go to the larger total count, then to the name. Counts are the
 * summaries' exact counts. A summary keeps at most its cap of named categories (100 in tiles and
 * references) and counts the rest in `__other__`: those counts join `other` here, and a window
 * category that the reference only holds inside its `__other__` reads as unseen, as data quality's
 * unseen share does.
 */

export const MAX_CATEGORIES = 50;

export interface CategoryCounts {
  value: string;
  reference: number;
  current: number;
  /** In the window but not among the reference's categories. */
  unseen: boolean;
}

export interface CategoricalDistribution {
  /** At most `limit`, most prominent first. */
  categories: CategoryCounts[];
  /** Everything else: categories past the limit and the summaries' own `__other__` counts. */
  other: { reference: number; current: number };
  /** Present values per side (the categories and `other` sum to these). */
  referenceCount: number;
  currentCount: number;
  missing: { reference: number; current: number };
}

export function categoricalDistribution(
  reference: CategoricalSummary,
  current: CategoricalSummary,
  limit: number = MAX_CATEGORIES,
): CategoricalDistribution {
  const referenceCount = reference.count;
  const currentCount = current.count;
  const share = (count: number, total: number) => (total > 0 ? count / total : 0);
  const names = new Set([...reference.counts.keys(), ...current.counts.keys()]);
  const ranked = [...names]
    .map((value) => {
      const r = reference.counts.get(value) ?? 0;
      const c = current.counts.get(value) ?? 0;
      return {
        row: { value, reference: r, current: c, unseen: c > 0 && r === 0 },
        prominence: Math.max(share(r, referenceCount), share(c, currentCount)),
      };
    })
    .sort(
      (a, b) =>
        b.prominence - a.prominence ||
        b.row.reference + b.row.current - (a.row.reference + a.row.current) ||
        compareNames(a.row.value, b.row.value),
    )
    .map((r) => r.row);
  const shown = ranked.slice(0, limit);
  const rest = ranked.slice(limit);
  return {
    categories: shown,
    other: {
      reference: reference.other + rest.reduce((s, r) => s + r.reference, 0),
      current: current.other + rest.reduce((s, r) => s + r.current, 0),
    },
    referenceCount,
    currentCount,
    missing: { reference: reference.nulls, current: current.nulls },
  };
}
