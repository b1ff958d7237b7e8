/**
 * Distances between two distributions over the same bins, given as proportions
 * (p: reference, q: window; each sums to 1). Definitions from docs/statistics.md.
 */

/** The value an empty bin takes in PSI, in either distribution (as Evidently does). */
export const PSI_EMPTY_BIN = 0.0001;

function assertAligned(p: readonly number[], q: readonly number[]): void {
  if (p.length !== q.length) throw new RangeError(`bins differ: ${p.length} vs ${q.length}`);
}

/** Population stability index: Σ (q − p) · ln(q / p), empty bins set to 0.0001. */
export function psi(p: readonly number[], q: readonly number[]): number {
  assertAligned(p, q);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! === 0 ? PSI_EMPTY_BIN : p[i]!;
    const qi = q[i]! === 0 ? PSI_EMPTY_BIN : q[i]!;
    sum += (qi - pi) * Math.log(qi / pi);
  }
  return sum;
}

/** Jensen-Shannon distance in base 2 (0–1), as `scipy.spatial.distance.jensenshannon(p, q, base=2)`. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  assertAligned(p, q);
  const sp = sumOf(p);
  const sq = sumOf(q);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sp;
    const qi = q[i]! / sq;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += pi * Math.log2(pi / mi);
    if (qi > 0) divergence += qi * Math.log2(qi / mi);
  }
  return Math.sqrt(Math.max(0, divergence / 2));
}

/**
 * Hellinger distance: sqrt(1 − Σ sqrt(p·q)), evaluated as sqrt(½ Σ (√p − √q)²), which is the
 * same number when p and q each sum to 1 but has no cancellation: identical distributions
 * give exactly 0 rather than the 1e-8 that 1 − (1 ± ulp) leaves under the square root.
 */
export function hellinger(p: readonly number[], q: readonly number[]): number {
  assertAligned(p, q);
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += (Math.sqrt(p[i]!) - Math.sqrt(q[i]!)) ** 2;
  return Math.sqrt(sum / 2);
}

/** L-infinity distance: max |p − q|. */
export function lInfinity(p: readonly number[], q: readonly number[]): number {
  assertAligned(p, q);
  let max = 0;
  for (let i = 0; i < p.length; i++) max = Math.max(max, Math.abs(p[i]! - q[i]!));
  return max;
}

/** Counts to proportions; all zeros when the total is zero. */
export function proportions(counts: readonly number[]): number[] {
  const total = sumOf(counts);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

function sumOf(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
