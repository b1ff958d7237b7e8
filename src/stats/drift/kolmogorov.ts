/**
 * Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n
 * (SciPy's `kstwo.sf(d, n)`), the distribution that `ks_2samp(method="asymp")` uses.
 *
 * No maintained npm package computes it (`@stdlib/stats-kstest` keeps Marsaglia's
 * algorithm private and switches to a cruder approximation in the tail), so it is
 * implemented here from Simard & L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov
 * Distribution", J. Stat. Software 39(11), 2011: their choice of method by n and n·d²,
 * with the cut-offs SciPy 1.10 uses, so that the same algorithm answers on both sides.
 */
import { durbinCdf, pomeranzCdf } from './kolmogorov-exact.js';
import { pelzGoodCdf, smirnovSf } from './kolmogorov-asymptotic.js';

/** P(D_n ≥ d) for a sample of n; NaN when n is not a positive integer. */
export function kstwoSf(d: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(d)) return NaN;
  if (d <= 0.5 / n) return 1; // below the support: D_n ≥ 1/(2n) always
  if (d >= 1) return 0;
  return clamp01(sfInSupport(d, n));
}

function sfInSupport(d: number, n: number): number {
  const t = n * d;
  if (t <= 1) return 1 - rubenGambinoLower(n, t);
  if (t >= n - 1) return 2 * Math.pow(1 - d, n); // Ruben-Gambino, upper end
  if (d >= 0.5) return 2 * smirnovSf(n, d); // exact: the two one-sided events are disjoint
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return 1 - durbinCdf(n, d);
    if (nd2 <= 4) return 1 - pomeranzCdf(n, d);
    return 2 * smirnovSf(n, d); // Miller: twice the one-sided tail
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return 2 * smirnovSf(n, d);
  if (n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4) return 1 - durbinCdf(n, d);
  return 1 - pelzGoodCdf(n, d);
}

/** P(D_n ≤ d) = n!/nⁿ · (2t − 1)ⁿ for 1/2 ≤ t = n·d ≤ 1 (Ruben & Gambino 1982). */
function rubenGambinoLower(n: number, t: number): number {
  if (t <= 0.5) return 0;
  if (n <= 140) {
    let p = 1;
    for (let i = 1; i <= n; i++) p *= (i / n) * (2 * t - 1);
    return p;
  }
  return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
}

/**
 * log(n!/nⁿ) by Stirling's series with n·log n removed analytically, which avoids the
 * cancellation of log Γ(n + 1) − n·log n for large n.
 */
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  const r2 = r * r;
  // Bernoulli-number coefficients B₂ⱼ / (2j(2j − 1)) for j = 1…4.
  const series = r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680))));
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + series;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
