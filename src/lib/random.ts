/**
 * Seeded pseudo-random numbers, so that the demo's traffic (and the data of tests and
 * benchmarks) is the same on every run. Not for anything secret. src/stats uses it only with a
 * fixed seed (src/stats/drift/null-model.ts draws windows from a reference's shares), so the
 * statistics stay deterministic: the same inputs give the same numbers.
 */

/**
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator): uniforms on [0, 1) with a
 * period of 2^32, ample for synthetic data. The sequence for a seed never changes: golden
 * test data and the demo depend on it.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
