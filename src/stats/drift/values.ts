/**
 * Raw feature values as they arrive: a number, or null (or NaN) for a missing value.
 * Drift measures ignore missing values; data quality counts them separately.
 */
export type RawNumber = number | null;

/** A categorical value; its category is `String(value)`. null means missing. */
export type RawCategory = string | number | boolean | null;

/** The present (non-null, non-NaN) values, sorted ascending. */
export function sortedPresent(values: readonly RawNumber[]): Float64Array {
  const out = new Float64Array(countPresent(values));
  let i = 0;
  for (const v of values) if (v !== null && !Number.isNaN(v)) out[i++] = v;
  return out.sort();
}

/** How many values are present (non-null, non-NaN). */
export function countPresent(values: readonly RawNumber[]): number {
  let n = 0;
  for (const v of values) if (v !== null && !Number.isNaN(v)) n++;
  return n;
}
