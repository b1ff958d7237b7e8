/** Reads golden files written by tests/golden/*.py, and compares numbers with a tolerance. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8')) as T;
}

/**
 * |actual − expected| ≤ rel·|expected|, with an absolute floor for expected values at or
 * near zero, where a relative bound means nothing.
 */
export function expectClose(
  actual: number | null,
  expected: number,
  rel = 1e-9,
  abs = 1e-15,
  what = '',
): void {
  // A p-value is null where SciPy's is nan; a golden value is a number, so null is a failure.
  if (actual === null) return void expect(actual, `${what}: got null, expected ${expected}`).toBe(expected);
  const tolerance = Math.max(rel * Math.abs(expected), abs);
  expect(
    Math.abs(actual - expected),
    `${what}: got ${actual}, expected ${expected} (tolerance ${tolerance})`,
  ).toBeLessThanOrEqual(tolerance);
}
