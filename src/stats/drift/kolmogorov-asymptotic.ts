/**
 * The two non-matrix pieces of Simard & L'Ecuyer's method: the Pelz-Good asymptotic
 * series for P(D_n ≤ d) (moderate d, large n) and the exact one-sided Smirnov tail
 * P(D⁺_n ≥ d), whose double is the two-sided tail for large d (Miller's approximation,
 * exact for d ≥ 1/2).
 */
import { logBinomialPmf } from './binomial-pmf.js';
import { compensatedSum } from './sum.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
/** log of the smallest normal double, as cephes' MINLOG: below it a tail underflows to 0. */
const MIN_LOG = -708.3964185322641;

/**
 * Pelz & Good (1976): P(D_n ≤ d) ≈ K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}, z = d·√n,
 * each K written with Jacobi-theta sums that converge fast for small z.
 */
export function pelzGoodCdf(n: number, d: number): number {
  if (d <= 0) return 0;
  if (d >= 1) return 1;
  const z = Math.sqrt(n) * d;
  const z2 = z * z;
  const logQ = -PI2 / 8 / z2; // q^(m²) = exp(−π² m² / (8 z²)) for odd m
  if (logQ < -708) return 0;
  const terms = Math.ceil((16 * z) / Math.PI);
  const odd = [0, 0, 0, 0];
  const whole = [0, 0];
  for (let k = terms; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const qm = Math.exp(logQ * m2);
    odd[0]! += qm;
    odd[1]! += ((PI2 * m2) / 4 - z2) * qm;
    odd[2]! +=
      (6 * z2 ** 3 +
        2 * z2 ** 2 +
        ((2 * z2 ** 2 - 5 * z2) * PI2 * m2) / 4 +
        (PI2 ** 2 * (1 - 2 * z2) * m2 ** 2) / 16) *
      qm;
    odd[3]! +=
      (-30 * z2 ** 3 -
        90 * z2 ** 4 +
        (PI2 * (135 * z2 ** 2 - 96 * z2 ** 3) * m2) / 4 +
        (PI2 ** 2 * (-60 * z2 + 212 * z2 ** 2) * m2 ** 2) / 16 +
        (PI2 ** 3 * (5 - 30 * z2) * m2 ** 3) / 64) *
      qm;
    const k2 = k * k;
    const qk = Math.exp((-PI2 / 2 / z2) * k2);
    whole[0]! += k2 * qk;
    whole[1]! += (3 * z2 - PI2 * k2) * k2 * qk;
  }
  const K0 = (SQRT_2PI / z) * odd[0]!;
  const K1 = (SQRT_2PI / (6 * z2 ** 2)) * odd[1]!;
  const K2 = (SQRT_2PI / (72 * z ** 7)) * odd[2]! - ((PI2 * SQRT_2PI) / (36 * z2 * z)) * whole[0]!;
  const K3 = (SQRT_2PI / (6480 * z2 ** 5)) * odd[3]! + ((PI2 * SQRT_2PI) / (216 * z2 ** 3)) * whole[1]!;
  return K0 + K1 / Math.sqrt(n) + K2 / n + K3 / n ** 1.5;
}

/**
 * One-sided Smirnov tail P(D⁺_n ≥ d) by the Smirnov / Birnbaum-Tingey sum
 *   d · Σ_{v=0}^{⌊n(1−d)⌋} C(n, v) (d + v/n)^{v−1} (1 − d − v/n)^{n−v},
 * every term positive; each is a binomial probability divided by (d + v/n), evaluated by
 * Loader's saddle-point form so that none overflows and large n keeps full accuracy.
 * Callers use it only for n·d² ≥ 2.2 or d ≥ 1/2, where this lower sum is the accurate one.
 */
export function smirnovSf(n: number, d: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  if (n === 1) return 1 - d;
  if (-2 * n * d * d < MIN_LOG) return 0;
  if (Math.floor(n * d) >= n - 1) return (1 - d) ** n;
  if (n > 1_000_000) return smirnovSfLargeN(n, d);
  // Term v is Binomial(n, a).pmf(v) / a with a = d + v/n, whose mean n·a = n·d + v.
  const nd = n * d;
  const terms = [Math.exp(n * Math.log1p(-d)) / d];
  let total = terms[0]!;
  for (let v = 1; v < n && (n - v) / n - d > 0; v++) {
    const term = Math.exp(logBinomialPmf(v, n, nd + v)) / (d + v / n);
    // Past the peak the terms only shrink: stop once they no longer change the sum.
    if (term < terms[terms.length - 1]! && term < total * 1e-17) break;
    terms.push(term);
    total += term;
  }
  return d * compensatedSum(terms);
}

/** For n beyond 10⁶ the sum is too long; SciPy's approximation exp(−(6nd + 1)² / 18n). */
function smirnovSfLargeN(n: number, d: number): number {
  const logP = -((6 * n * d + 1) ** 2) / 18 / n;
  return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP);
}
