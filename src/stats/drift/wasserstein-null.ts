/**
 * The limit of the normalized Wasserstein distance under no drift, from the reference's
 * quantiles: √(nm/(n+m))·W1/σ → Z = ∫ |B(F(x))| dx / σ with B a Brownian bridge
 * (del Barrio, Giné & Matrán 1999). With F(x) = u on the quantile grid's segments,
 *   E Z  = √(2/π) Σᵢ Δᵢ √(uᵢ(1 − uᵢ)) / σ,
 *   E Z² = Σᵢ Σⱼ Δᵢ Δⱼ E|B(uᵢ)||B(uⱼ)| / σ², with, for a centred normal pair of correlation ρ,
 *          E|X||Y| = (2/π) σₓ σᵧ (√(1 − ρ²) + ρ·asin ρ).
 */

export interface WassersteinNull {
  /** E Z, in units of the reference's standard deviation. */
  mean: number;
  /** Var Z, in the same units squared. */
  variance: number;
}

/** Segments of the quantile grid: 1/GRID of probability each. */
export const GRID = 128;

/**
 * Z's moments from the reference's quantile function (u in [0, 1] → value) and its standard
 * deviation, already floored as the distance is normalized by it.
 */
export function wassersteinNull(quantile: (u: number) => number, std: number): WassersteinNull {
  const widths: number[] = [];
  const levels: number[] = [];
  let previous = quantile(0);
  for (let i = 1; i <= GRID; i++) {
    const x = quantile(i / GRID);
    const width = (x - previous) / std;
    previous = x;
    if (!(width > 0)) continue;
    widths.push(width);
    levels.push((i - 0.5) / GRID);
  }
  const sd = levels.map((u) => Math.sqrt(u * (1 - u)));
  let mean = 0;
  for (let i = 0; i < widths.length; i++) mean += widths[i]! * sd[i]!;
  mean *= Math.sqrt(2 / Math.PI);
  let square = 0;
  for (let i = 0; i < widths.length; i++) {
    for (let j = 0; j < widths.length; j++) {
      const [s, t] = [levels[i]!, levels[j]!];
      const rho = Math.min(1, (Math.min(s, t) - s * t) / (sd[i]! * sd[j]!));
      const absProduct = (2 / Math.PI) * sd[i]! * sd[j]! * (Math.sqrt(1 - rho * rho) + rho * Math.asin(rho));
      square += widths[i]! * widths[j]! * absProduct;
    }
  }
  return { mean, variance: Math.max(0, square - mean * mean) };
}
