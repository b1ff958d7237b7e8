/**
 * The summary path as tiles take it, for the property tests of issue 8 (tests/unit/stats/
 * summaries-property*.test.ts): rows folded into tiles, every summary through its stored bytes,
 * merged, and numbers compared with the exact path.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ModelSpec } from '../../src/domain/model-spec.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import { foldEventRow } from '../../src/stats/core/traffic.js';
import { TrafficSummary } from '../../src/stats/core/traffic-summary.js';

/** Any finite double, with the values that broke summaries before drawn often. */
export const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 1.7976931348623157e308, 1e200, 1, 0, -0, 5e-324, -5e-324),
);

/** Strings the API accepts: any Unicode scalar values (no lone surrogates), no NUL. */
export const anyText = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constantFrom('\ufeff', '\ufeffx', 'x', 'a', 'é', 'e\u0301', '😀'),
  )
  .filter((s) => !s.includes('\u0000'));

export function fold<T extends Parameters<typeof foldEventRow>[1]>(
  spec: ModelSpec,
  columns: T,
  input: readonly TypedRow[],
): T {
  for (const r of input) foldEventRow(spec, columns, r);
  return columns;
}

/**
 * A traffic summary through the rows a tile stores (TrafficSummary encode, then decode). Rejected
 * events are not in tiles (ingest counts them), so their count is carried over.
 */
export function throughBytes(spec: ModelSpec, traffic: TrafficSummary): TrafficSummary {
  const copy = TrafficSummary.decode(spec, traffic.encode());
  copy.rejected = traffic.rejected;
  return copy;
}

/** The rows folded as tiles cut at `cuts`, each stored and read back, then merged and stored. */
export function foldAsStoredTiles(
  spec: ModelSpec,
  input: readonly TypedRow[],
  cuts: number[],
): TrafficSummary {
  const window = TrafficSummary.empty(spec);
  let start = 0;
  for (const end of [...cuts.filter((c) => c < input.length).sort((a, b) => a - b), input.length]) {
    if (end <= start) continue;
    const tile = fold(spec, TrafficSummary.empty(spec), input.slice(start, end));
    window.merge(throughBytes(spec, tile));
    start = end;
  }
  return throughBytes(spec, window);
}

export interface CloseOptions {
  /** Keys not compared (computed otherwise on the two paths). */
  skip?: readonly string[];
  /** Keys compared for presence only (null on one path iff on the other). */
  presence?: readonly string[];
}

/**
 * Numbers within 1e-9 relative or 1e-12 absolute (R² = 1 − SSE/SST near 0 keeps only the rounding
 * of a ratio near 1), or the same non-number; other values equal.
 */
export function expectClose(got: unknown, want: unknown, options: CloseOptions = {}, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (!Number.isFinite(want) || !Number.isFinite(got)) return void expect(got, path).toBe(want);
    const tolerance = Math.max(1e-9 * Math.abs(want), 1e-12);
    return void expect(Math.abs(got - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(tolerance);
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, path).toBe(want.length);
    return want.forEach((w, i) => expectClose((got as unknown[])[i], w, options, `${path}/${i}`));
  }
  if (want !== null && typeof want === 'object') {
    for (const [key, w] of Object.entries(want)) {
      if (key === 'computedFrom' || options.skip?.includes(key)) continue;
      const g = (got as Record<string, unknown>)[key];
      if (options.presence?.includes(key)) expect(g === null, `${path}/${key} present`).toBe(w === null);
      else expectClose(g, w, options, `${path}/${key}`);
    }
    return;
  }
  expect(got, path).toEqual(want);
}
