/**
 * Queries on ascending arrays that the raw-value measures (drift/) and the summaries'
 * weighted views (summaries/) share, so that on the same data both give the same bin and
 * the same floating-point quantile.
 */

/** Index of the first value ≥ x (length when none): numpy's `searchsorted(side="left")`. */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first value > x (length when none): numpy's `searchsorted(side="right")`. */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * a + t·(b − a) as numpy 1.24's `_lerp` computes it for `numpy.quantile(method="linear")`:
 * from the upper neighbour when t ≥ 0.5, so that t = 1 gives b exactly.
 */
export function numpyLerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
