import type { Random } from './random.js';

/**
 * The distributions on which summary-based drift values must match the exact ones
 * (issue 3, item 2): each case draws a reference and a drifted window. Shared by
 * the unit tests and bench/sketch-compare.ts so both judge the same data.
 */
export interface DriftCase {
  readonly name: string;
  reference(rng: Random): number;
  window(rng: Random): number;
}

const normal = (mean: number, sd: number) => (rng: Random) => mean + sd * rng.normal();
const lognormal = (mu: number, sigma: number) => (rng: Random) => Math.exp(mu + sigma * rng.normal());

/** Poisson by inversion of the CDF: fine for the small means used here. */
const poisson = (lambda: number) => (rng: Random) => {
  const u = rng.uniform();
  let k = 0;
  let p = Math.exp(-lambda);
  let cumulative = p;
  while (u > cumulative && k < 1000) {
    k++;
    p *= lambda / k;
    cumulative += p;
  }
  return k;
};

/** Whole years around 2020, at most ± 3 away. */
const years = (center: number) => (rng: Random) =>
  Math.min(2023, Math.max(2017, Math.round(center + 1.5 * rng.normal())));

const mixture = (share: number, a: (r: Random) => number, b: (r: Random) => number) => {
  return (rng: Random) => (rng.uniform() < share ? a(rng) : b(rng));
};

export const DRIFT_CASES: readonly DriftCase[] = [
  { name: 'normal shift', reference: normal(0, 1), window: normal(0.25, 1) },
  { name: 'scale change', reference: normal(10, 2), window: normal(10, 3) },
  { name: 'lognormal tail', reference: lognormal(0, 1), window: lognormal(0.1, 1.1) },
  { name: 'small integers', reference: poisson(3), window: poisson(3.4) },
  { name: 'constant', reference: () => 7, window: () => 7 },
  { name: 'year 2020±3', reference: years(2020), window: years(2020.5) },
  {
    name: 'bimodal mix',
    reference: mixture(0.5, normal(-2, 1), normal(3, 0.5)),
    window: mixture(0.6, normal(-2, 1), normal(3, 0.5)),
  },
  {
    name: 'zero-inflated',
    reference: mixture(0.3, () => 0, lognormal(3, 1)),
    window: mixture(0.4, () => 0, lognormal(3, 1)),
  },
];

export function draw(n: number, sample: (rng: Random) => number, rng: Random): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sample(rng);
  return out;
}
