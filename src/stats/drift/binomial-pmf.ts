/**
 * log of the binomial probability C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ by Loader's saddle-point form
 * (C. Loader, "Fast and Accurate Computation of Binomial Probabilities", 2000):
 * the large n·log n parts cancel analytically, so the result keeps ~1e-14 relative
 * accuracy for n in the millions, where summing log-ratios of C(n, k) drifts by 1e-9.
 * Here the mean n·p is passed directly (as `mean`) because callers know it more exactly.
 */
const LOG_2PI = Math.log(2 * Math.PI);

/** log P(X = k) for X ~ Binomial(n, p), 0 < k < n, given mean = n·p. */
export function logBinomialPmf(k: number, n: number, mean: number): number {
  const saddle =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    deviance(k, mean) -
    deviance(n - k, n - mean);
  return saddle - 0.5 * (LOG_2PI + Math.log(k) + Math.log1p(-k / n));
}

/** log(k!) − log(√(2πk) (k/e)ᵏ): exact factorials for small k, Stirling's series above. */
export function stirlingError(k: number): number {
  if (k <= 15) {
    let factorial = 1;
    for (let i = 2; i <= k; i++) factorial *= i; // exact in a double up to 18!
    return Math.log(factorial) - (k + 0.5) * Math.log(k) + k - LOG_2PI / 2;
  }
  const k2 = k * k;
  if (k > 500) return (1 / 12 - 1 / 360 / k2) / k;
  if (k > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / k2) / k2) / k;
  if (k > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / k2) / k2) / k2) / k;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / k2) / k2) / k2) / k2) / k;
}

/** x·log(x/m) + m − x, by its series when x ≈ m, where the direct form cancels. */
export function deviance(x: number, m: number): number {
  if (Math.abs(x - m) >= 0.1 * (x + m)) return x * Math.log(x / m) + m - x;
  const v = (x - m) / (x + m);
  const v2 = v * v;
  let sum = (x - m) * v;
  let term = 2 * x * v;
  for (let j = 1; j < 1000; j++) {
    term *= v2;
    const next = sum + term / (2 * j + 1);
    if (next === sum) return next;
    sum = next;
  }
  return sum;
}
