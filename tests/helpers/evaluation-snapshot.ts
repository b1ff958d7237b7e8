import type { EvaluationSnapshotInput } from '../../src/modules/alerting/engine/evaluation-snapshot.js';

/**
 * A healthy evaluation of a two-feature binary model over the 1h window; override any field.
 * Drift, quality and performance numbers here are inputs to the rule engine, not statistics.
 */
export function snapshot(overrides: Partial<EvaluationSnapshotInput> = {}): EvaluationSnapshotInput {
  const windowEnd = overrides.windowEnd ?? '2026-03-01T10:00:00.000Z';
  return {
    // Evaluated at its window end unless said otherwise: the same snapshot again is a replay.
    evaluatedAt: windowEnd,
    modelId: 'credit-risk',
    window: '1h',
    windowEnd: '2026-03-01T10:00:00.000Z',
    status: 'healthy',
    datasetDriftShare: 0,
    features: [
      { name: 'age', drifted: false, score: 0.02, method: 'wasserstein' },
      { name: 'income', drifted: false, score: 0.03, method: 'jensenShannon' },
    ],
    predictionDrift: { drifted: false, score: 0.01, method: 'jensenShannon' },
    performance: {
      realized: { accuracy: 0.9, rocAuc: 0.95 },
      estimated: { accuracy: 0.88 },
      reference: { realized: { accuracy: 0.91 }, estimated: { accuracy: 0.9 } },
    },
    labelCoverage: 0.4,
    quality: [
      { name: 'age', missingShare: 0, outOfRangeShare: 0.01, unseenCategoryShare: null },
      { name: 'income', missingShare: 0.02, outOfRangeShare: 0, unseenCategoryShare: null },
    ],
    volume: { events: 1000, expected: 1000 },
    ...overrides,
  };
}

/** The window end `minutes` after the helper's default one. */
export function windowEndAt(minutes: number): string {
  return new Date(Date.parse('2026-03-01T10:00:00.000Z') + minutes * 60_000).toISOString();
}
