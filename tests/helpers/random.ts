/**
 * Seeded random numbers for tests and benchmarks (mulberry32). Not for src/: the
 * statistics are deterministic and take no random input.
 */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Logistic(location, scale), by inverting its CDF. */
  logistic(location?: number, scale?: number): number;
  /** Beta(a, b) for integer a, b ≥ 1, as the a-th smallest of a + b − 1 uniforms. */
  betaInt(a: number, b: number): number;
  bernoulli(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    logistic(location = 0, scale = 1) {
      let u = uniform();
      while (u === 0) u = uniform();
      return location + scale * Math.log(u / (1 - u));
    },
    betaInt(a, b) {
      const draws = Array.from({ length: a + b - 1 }, uniform).sort((x, y) => x - y);
      return draws[a - 1]!;
    },
    bernoulli(p) {
      return uniform() < p;
    },
  };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
