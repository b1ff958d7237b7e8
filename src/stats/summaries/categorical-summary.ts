/**
 * Mergeable summary of one categorical feature over a tile: exact counts for at
 * most `cap` named categories, everything else counted under `__other__`.
 *
 * At the cap: the named categories kept are the `cap` with the highest counts
 * (ties broken by name, so the result does not depend on arrival or merge order
 * of equal counts); the counts of the rest move into `__other__`. Totals stay
 * exact. A category pushed out and seen again starts a fresh named count, so a
 * named count is a lower bound and its remainder sits in `__other__`. Adding lets
 * the map grow to twice the cap before trimming, so one pass over a tile does not
 * trim at every new category; `trim()` (done by merge and encoding) enforces the cap.
 * A value that is literally `__other__` is counted with the other categories.
 */
export const OTHER_CATEGORY = '__other__';
export const DEFAULT_CATEGORY_CAP = 100;

export class CategoricalSummary {
  nulls = 0;
  /** Values not among the named categories. */
  other = 0;
  readonly counts = new Map<string, number>();

  constructor(readonly cap: number = DEFAULT_CATEGORY_CAP) {
    if (!Number.isInteger(cap) || cap < 1 || cap > 100_000)
      throw new RangeError(`category cap must be 1–100000`);
  }

  /** Non-null values. */
  get count(): number {
    let total = this.other;
    for (const c of this.counts.values()) total += c;
    return total;
  }

  add(value: string | null | undefined): void {
    if (value === null || value === undefined) {
      this.nulls++;
      return;
    }
    if (value === OTHER_CATEGORY) {
      this.other++;
      return;
    }
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    if (this.counts.size > 2 * this.cap) this.trim();
  }

  /** Folds another summary in; the result respects this summary's cap. */
  merge(other: CategoricalSummary): void {
    this.nulls += other.nulls;
    this.other += other.other;
    for (const [k, c] of other.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + c);
    this.trim();
  }

  /** Keeps the `cap` largest categories (ties by name); the rest join `__other__`. */
  trim(): void {
    if (this.counts.size <= this.cap) return;
    const ranked = [...this.counts].sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]));
    for (const [k, c] of ranked.slice(this.cap)) {
      this.counts.delete(k);
      this.other += c;
    }
  }

  /** Counts by category, `__other__` included when non-zero, sorted by name. */
  entries(): [string, number][] {
    const out = [...this.counts].sort((a, b) => compareNames(a[0], b[0]));
    if (this.other > 0) out.push([OTHER_CATEGORY, this.other]);
    return out;
  }
}

/** Code-unit order: deterministic and locale-free. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
