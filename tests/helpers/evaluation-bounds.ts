/**
 * docs/statistics.md#error-bounds-from-tiles: where a value comes from summaries (tiles) rather than raw values, its
 * error against the exact value on the same data stays within 0.01 absolute for KS D,
 * Jensen-Shannon, Hellinger and PSI; 1% relative or 0.005 absolute, whichever is larger, for
 * normalized Wasserstein; 0.005 for ROC AUC. Counts-based values (categorical measures, missing
 * shares, confusion counts, log loss, Brier) are exact on both paths.
 */
import { expect } from 'vitest';
import type { FeatureDrift } from '../../src/stats/drift/types.js';
import type { Evaluation } from '../../src/stats/evaluation/evaluation.schemas.js';

type Measures = Record<string, number | { statistic: number; pValue: number } | undefined>;

const statistic = (m: Measures, key: string): number => {
  const v = m[key];
  return typeof v === 'number' ? v : v!.statistic;
};

/** One feature's drift from summaries against the exact one. */
export function expectFeatureWithinBounds(
  got: FeatureDrift | null,
  want: FeatureDrift | null,
  what: string,
): void {
  if (want === null) return void expect(got, what).toBeNull();
  expect(got, what).not.toBeNull();
  expect([got!.name, got!.type, got!.method, got!.status], what).toEqual([
    want.name,
    want.type,
    want.method,
    want.status,
  ]);
  if (want.measures === null) return void expect(got!.measures, what).toBeNull();
  const [w, g] = [want.measures as Measures, got!.measures as Measures];
  expect(Object.keys(g).sort(), what).toEqual(Object.keys(w).sort());
  if (want.type === 'categorical') {
    for (const key of Object.keys(w))
      expect(statistic(g, key), `${what} ${key}`).toBeCloseTo(statistic(w, key), 9);
    return;
  }
  for (const key of ['ks', 'psi', 'jensenShannon', 'hellinger']) {
    expect(Math.abs(statistic(g, key) - statistic(w, key)), `${what} ${key}`).toBeLessThanOrEqual(0.01);
  }
  const bound = Math.max(0.01 * Math.abs(statistic(w, 'wasserstein')), 0.005);
  expect(
    Math.abs(statistic(g, 'wasserstein') - statistic(w, 'wasserstein')),
    `${what} wasserstein`,
  ).toBeLessThanOrEqual(bound);
}

/** A whole evaluation from summaries against the exact one on the same rows. */
export function expectEvaluationWithinBounds(got: Evaluation, want: Evaluation): void {
  expect(got.features.map((f) => f.name)).toEqual(want.features.map((f) => f.name));
  want.features.forEach((f, i) => expectFeatureWithinBounds(got.features[i]!, f, f.name));
  expectFeatureWithinBounds(got.prediction, want.prediction, 'prediction');
  expectFeatureWithinBounds(got.score, want.score, 'score');
  expect(got.datasetDrift.evaluatedFeatures).toBe(want.datasetDrift.evaluatedFeatures);

  expect([got.quality.rows, got.quality.rejected]).toEqual([want.quality.rows, want.quality.rejected]);
  got.quality.features.forEach((q, i) => {
    const w = want.quality.features[i]!;
    expect([q.name, q.rows, q.missing, q.missingShare, q.unseenCategoryShare]).toEqual([
      w.name,
      w.rows,
      w.missing,
      w.missingShare,
      w.unseenCategoryShare,
    ]);
    if (w.outOfRangeShare !== null)
      expect(Math.abs(q.outOfRangeShare! - w.outOfRangeShare)).toBeLessThanOrEqual(0.01);
  });

  const [wr, gr] = [want.performance?.realized ?? null, got.performance?.realized ?? null];
  if (wr === null) return void expect(gr).toBeNull();
  expect([gr!.labelled, gr!.coverage]).toEqual([wr.labelled, wr.coverage]);
  const [wm, gm] = [
    wr.metrics as Record<string, number | null>,
    gr!.metrics as Record<string, number | null>,
  ];
  for (const [key, want] of Object.entries(wm)) {
    if (want === null) expect(gm[key], key).toBeNull();
    else if (key === 'rocAuc') expect(Math.abs(gm[key]! - want)).toBeLessThanOrEqual(0.005);
    else expect(gm[key], key).toBeCloseTo(want, 9);
  }
}
