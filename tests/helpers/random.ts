import { mulberry32 } from '../../src/lib/random.js';

/**
 * Seeded random draws for tests and benchmarks, on src/lib/random.ts's mulberry32. Each
 * method consumes uniforms in a fixed way, so a seed gives the same data on every run.
 */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1), by Box-Muller: two per pair of uniforms, the second kept for the next call. */
  normal(): number;
  /** Integer in [lo, hi], inclusive. */
  integer(lo: number, hi: number): number;
  /** Logistic(location, scale), by inverting its CDF. */
  logistic(location?: number, scale?: number): number;
  /** Beta(a, b) for integer a, b ≥ 1, as the a-th smallest of a + b − 1 uniforms. */
  betaInt(a: number, b: number): number;
  bernoulli(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return {
    uniform,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u1 = 1 - uniform(); // in (0, 1], so log is finite
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    integer: (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1)),
    logistic(location = 0, scale = 1) {
      let u = uniform();
      while (u === 0) u = uniform();
      return location + scale * Math.log(u / (1 - u));
    },
    betaInt(a, b) {
      const draws = Array.from({ length: a + b - 1 }, uniform).sort((x, y) => x - y);
      return draws[a - 1]!;
    },
    bernoulli: (p) => uniform() < p,
  };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
