import { readFileSync } from 'node:fs';

/**
 * tests/golden/performance.json, written by tests/golden/performance.py from
 * scikit-learn 1.2 (see that script for where each expected value comes from).
 */

type Maybe = number | null;

export interface GoldenBinary {
  name: string;
  actual: number[];
  predicted: number[];
  scores: number[];
  expected: Record<
    'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc' | 'logLoss' | 'brier' | 'ece',
    Maybe
  >;
}

export interface GoldenMulticlass {
  name: string;
  classes: string[];
  actual: string[];
  predicted: string[];
  expected: Record<'accuracy' | 'macroF1' | 'microF1' | 'macroPrecision' | 'macroRecall', Maybe>;
}

export type RegressionMetricName =
  'mae' | 'rmse' | 'mape' | 'r2' | 'meanError' | 'medianAbsoluteError' | 'p90AbsoluteError';

export interface GoldenRegression {
  name: string;
  actual: number[];
  predicted: number[];
  expected: Record<RegressionMetricName, Maybe>;
  /**
   * Present where the absolute errors take more than 1024 distinct values, so a tile's error
   * sketch is a t-digest: numpy's percentiles of |error| at q ∓ 0.005, the rank error allowed.
   */
  sketchBounds?: Record<'medianAbsoluteError' | 'p90AbsoluteError', [number, number]>;
}

export interface GoldenIsotonic {
  name: string;
  x: number[];
  y: number[];
  weight: number[] | null;
  query: number[];
  expected: { thresholdsX: number[]; thresholdsY: number[]; predicted: number[] };
}

export interface GoldenCbpe {
  name: string;
  referenceScores?: number[];
  referenceActual?: number[];
  calibration: { x: number[]; y: number[] } | null;
  scores: number[];
  predicted: number[];
  calibrated: number[];
  expected: Record<'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc', number>;
}

export interface PerformanceGolden {
  binary: GoldenBinary[];
  multiclass: GoldenMulticlass[];
  regression: GoldenRegression[];
  isotonic: GoldenIsotonic[];
  cbpe: GoldenCbpe[];
  nannymlCalibration: {
    binEdges: Array<{ n: number; bins: number; edges: Array<[number, number]> }>;
    ece: Array<{ actual: number[]; scores: number[]; ece: number }>;
  };
}

export const golden = JSON.parse(
  readFileSync(new URL('../golden/performance.json', import.meta.url), 'utf8'),
) as PerformanceGolden;

export const toBooleans = (values: readonly number[]): boolean[] => values.map((v) => v === 1);

/** |actual − expected| ≤ tolerance · |expected| (+1e-15 so that 0 can match 0), or both null. */
export function expectClose(
  actual: number | null,
  expected: number | null,
  label: string,
  tolerance = 1e-9,
): void {
  if (expected === null || actual === null) {
    if (actual !== expected) throw new Error(`${label}: got ${actual}, expected ${expected}`);
    return;
  }
  const allowed = tolerance * Math.abs(expected) + 1e-15;
  if (!(Math.abs(actual - expected) <= allowed)) {
    throw new Error(`${label}: got ${actual}, expected ${expected} (±${allowed})`);
  }
}

/** expectClose for every expected key of a metrics object. */
export function expectMetrics(
  actual: object,
  expected: Record<string, number | null>,
  label: string,
  tolerance = 1e-9,
): void {
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in actual)) throw new Error(`${label}: no metric ${key}`);
    expectClose((actual as Record<string, number | null>)[key]!, value, `${label}.${key}`, tolerance);
  }
}
