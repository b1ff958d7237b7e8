import type { StoredEvaluation } from '../../evaluation/index.js';
import { parseSlice } from '../../tiles/index.js';
import type { EvaluationSnapshotInput, Segment } from './evaluation-snapshot.js';

type FeatureDrift = NonNullable<StoredEvaluation['evaluation']>['features'][number];

const drift = (f: FeatureDrift) => ({
  drifted: f.drifted,
  score: f.statistic,
  method: f.method,
  practical: f.practical,
  noisePValue: f.noisePValue,
});

/**
 * What the rule engine reads from a stored evaluation. Null for an evaluation of no configured
 * window (an on-demand range is never stored, so never alerted on).
 *
 * - A feature's `score` is its method's statistic: the distance for distance methods, the test
 *   statistic (KS D, chi-square) for p-value methods; `drifted` is the method's verdict.
 * - The reference's performance is realized on its labelled rows (the baseline); CBPE estimates
 *   are compared with it too, as NannyML compares estimated with reference performance.
 */
export function snapshotFromEvaluation(
  e: StoredEvaluation,
  segment: Segment | null = null,
): EvaluationSnapshotInput | null {
  if (e.window.name === null) return null;
  const ev = e.evaluation;
  const baseline = e.baseline?.metrics ?? null;
  return {
    modelId: e.modelId,
    segment,
    window: e.window.name,
    windowEnd: e.window.to,
    windowSeconds: (Date.parse(e.window.to) - Date.parse(e.window.from)) / 1000,
    evaluatedAt: e.evaluatedAt,
    status: e.status,
    datasetDriftShare: ev?.datasetDrift.share ?? null,
    features: (ev?.features ?? []).map((f) => ({ name: f.name, ...drift(f) })),
    predictionDrift: ev?.prediction ? drift(ev.prediction) : null,
    multivariateDrift: ev?.multivariate
      ? {
          drifted: ev.multivariate.drifted,
          score: ev.multivariate.statistic,
          method: ev.multivariate.method,
          practical: ev.multivariate.practical,
          noisePValue: ev.multivariate.noisePValue,
        }
      : null,
    performance: {
      realized: ev?.performance?.realized?.metrics ?? null,
      estimated: ev?.performance?.estimated?.metrics ?? null,
      reference: baseline === null ? null : { realized: baseline, estimated: baseline },
    },
    labelCoverage: ev?.performance?.realized?.coverage ?? null,
    quality: (ev?.quality.features ?? []).map((q) => ({
      name: q.name,
      missingShare: q.missingShare,
      outOfRangeShare: q.outOfRangeShare,
      unseenCategoryShare: q.unseenCategoryShare,
    })),
    volume: { events: e.volume.events, expected: e.volume.expected },
  };
}

/**
 * The snapshots of the segment values among stored slice evaluations (slice-evaluations.store.ts):
 * slices of other kinds (model versions) are left out, whatever else that table holds.
 */
export function segmentSnapshots(
  slices: readonly { slice: string; evaluation: StoredEvaluation }[],
): EvaluationSnapshotInput[] {
  return slices.flatMap(({ slice, evaluation }) => {
    const parsed = parseSlice(slice);
    if (parsed.kind !== 'segment') return [];
    const snapshot = snapshotFromEvaluation(evaluation, { key: parsed.key, value: parsed.value });
    return snapshot === null ? [] : [snapshot];
  });
}
