import { performance } from 'node:perf_hooks';

/** Small helpers the benchmarks share: number format, percentiles, timing, waiting. */

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The median of ascending values. */
export const median = (sorted: readonly number[]): number => sorted[Math.floor(sorted.length / 2)]!;

/** The p-th percentile of ascending values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Runs `fn` `runs` times; milliseconds per run, fastest first, and the last result. */
export async function timed<T>(runs: number, fn: () => Promise<T> | T): Promise<{ ms: number[]; result: T }> {
  const ms: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: ms.sort((a, b) => a - b), result };
}

/** Polls `check` every 200 ms until it holds (true) or `timeoutMs` passes (false). */
export async function until(timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}
