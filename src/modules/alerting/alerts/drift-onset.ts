import type { Queryable } from '../../../lib/db.js';
import { driftOnset } from '../../../stats/drift/onset.js';
import type { Condition } from '../rules/rules.schemas.js';

/** The stored evaluations' series of one number (evaluation.store.ts `series`). */
export type EvaluationSeries = (
  db: Queryable,
  q: { modelId: string; window: string; from: Date; to: Date; path: string; vars: Record<string, string> },
) => Promise<{ windowEnd: Date; value: number | null }[]>;

/** How far back the onset of a drift is looked for. */
export const ONSET_LOOKBACK_MS = 24 * 3_600_000;

/** Where a drift condition's statistic sits in a stored evaluation; null for other conditions. */
function pathOf(
  condition: Condition,
  feature: string | null,
): { path: string; vars: Record<string, string> } | null {
  switch (condition.kind) {
    case 'feature_drift':
      return feature === null
        ? null
        : { path: '$.evaluation.features[*] ? (@.name == $name).statistic', vars: { name: feature } };
    case 'prediction_drift':
      return { path: '$.evaluation.prediction.statistic', vars: {} };
    case 'multivariate_drift':
      return { path: '$.evaluation.multivariate.statistic', vars: {} };
    case 'dataset_drift_share':
      return { path: '$.evaluation.datasetDrift.share', vars: {} };
    default:
      return null;
  }
}

/**
 * When a drift alert's change began (docs/statistics.md#drift-onset): the change point of its
 * statistic over the finest window's evaluations in the day before it fired, whatever window the
 * rule watches (a finer window places the change more precisely). Null for conditions that are
 * not drift, or without a change point.
 */
export function createOnsetEstimator(deps: {
  series: EvaluationSeries;
  /** The shortest evaluated window. */
  window: { name: string; seconds: number };
}) {
  return async (
    db: Queryable,
    alert: { modelId: string; condition: Condition; feature: string | null; firedAt: Date },
  ): Promise<Date | null> => {
    const where = pathOf(alert.condition, alert.feature);
    if (where === null) return null;
    const points = await deps.series(db, {
      modelId: alert.modelId,
      window: deps.window.name,
      from: new Date(alert.firedAt.getTime() - ONSET_LOOKBACK_MS),
      to: alert.firedAt,
      ...where,
    });
    const present = points.flatMap((p) =>
      p.value === null ? [] : [{ end: p.windowEnd.getTime(), value: p.value }],
    );
    const onset = driftOnset(present, deps.window.seconds * 1000);
    return onset === null ? null : new Date(Math.min(onset, alert.firedAt.getTime()));
  };
}

export type OnsetEstimator = ReturnType<typeof createOnsetEstimator>;
