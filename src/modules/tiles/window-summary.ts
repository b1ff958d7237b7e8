import { CbpeSummary } from '../../stats/cbpe/index.js';
import { CoMoments } from '../../stats/multivariate/comoments.js';
import { multivariateNames } from '../../stats/multivariate/names.js';
import { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import type { FeatureSpec, ModelSpec } from '../../domain/model-spec.js';
import { mergeDecodable, type Merged, type Undecodable } from './merge-rows.js';
import { describeUndecodable } from './quarantine.js';
import type { QuarantinedSummary } from './quarantine.store.js';
import { ValueSum } from '../../stats/summaries/value-sum.js';
import {
  COMOMENTS_KEY,
  EVENTS_KEY,
  VALUE_KEY,
  featureKey,
  mergeSummary,
  type AnySummary,
} from './tile-codec.js';
import { emptyPerformance } from '../../stats/core/traffic-summary.js';
import type { PerformanceSummary } from '../../stats/performance/index.js';
import { performanceKey } from './tile-codec.js';
import type { StoredTile } from './tiles.store.js';
import type { WindowPlan } from './window-plan.js';

export type FeatureSummary =
  | { name: string; type: 'numerical'; summary: NumericSummary }
  | { name: string; type: 'categorical'; summary: CategoricalSummary };

/** A window of one model: every summary merged over its tiles, shaped by the model's current spec. */
export interface WindowSummary {
  modelId: string;
  spec: ModelSpec;
  /** The range read, [from, to): the request moved up to tile boundaries (see loadWindow). */
  from: Date;
  to: Date;
  /** Prediction events. */
  events: number;
  /** Events rejected by validation in batches received in the range (by arrival: they have no valid time). */
  rejected: number;
  /** One per spec feature, in spec order; empty summaries for features without data. */
  features: FeatureSummary[];
  /** The predicted class (classifiers) or value (regression). */
  prediction: NumericSummary | CategoricalSummary;
  /** Binary models: the positive-class score, and CBPE's per-bin sums; null for other tasks. */
  score: NumericSummary | null;
  cbpe: CbpeSummary | null;
  /** The numerical features' co-moments (multivariate drift); empty for tiles folded before them. */
  multivariate: CoMoments;
  /** Labelled pairs whose prediction is in the window. */
  performance: PerformanceSummary;
  /** The business values their outcomes carried (docs/kpis.md#value). */
  value: ValueSum;
  /** Rows merged: hour tiles, fine tiles, contributions not yet compacted. */
  merged: { hourTiles: number; fineTiles: number; contributions: number };
  /**
   * Summaries of the range that could not be decoded and are quarantined (README.md "Quarantine"),
   * found by this read or before it: the window is merged without them. Empty when complete.
   */
  incomplete: QuarantinedSummary[];
}

/** The merged summary of `key`, or an empty one when the window has none of that type. */
function take<S extends AnySummary>(merged: Map<string, Merged>, key: string, type: new () => S): S {
  const summary = merged.get(key)?.summary;
  return summary instanceof type ? summary : new type();
}

function featureSummary(merged: Map<string, Merged>, feature: FeatureSpec): FeatureSummary {
  const key = featureKey(feature.type, feature.name);
  return feature.type === 'numerical'
    ? { name: feature.name, type: 'numerical', summary: take(merged, key, NumericSummary) }
    : {
        name: feature.name,
        type: 'categorical',
        summary: take(merged, key, CategoricalSummary),
      };
}

function coMoments(merged: Map<string, Merged>, spec: ModelSpec): CoMoments {
  const summary = merged.get(COMOMENTS_KEY)?.summary;
  return summary instanceof CoMoments ? summary : new CoMoments(multivariateNames(spec));
}

/**
 * Merges a window's rows key by key and picks the summaries the spec asks for. Rows that cannot
 * be decoded are left out and returned apart, for the caller to quarantine; `incomplete` lists
 * them after those of the range quarantined `before`.
 */
export function windowSummary(
  modelId: string,
  spec: ModelSpec,
  plan: WindowPlan,
  rows: readonly StoredTile[],
  rejected: number,
  quarantined: { before: readonly QuarantinedSummary[]; tileSeconds: number },
): { window: WindowSummary; undecodable: Undecodable<StoredTile>[] } {
  const { merged, undecodable } = mergeDecodable(rows);
  const binary = spec.task === 'binary_classification';
  const performance = emptyPerformance(spec);
  const stored = merged.get(performanceKey(spec.task))?.summary;
  // Merged into an empty one made from the spec, so a multiclass window lists the spec's classes.
  if (stored) mergeSummary(performance, stored);
  const window: WindowSummary = {
    modelId,
    spec,
    from: new Date(plan.fromMs),
    to: new Date(plan.toMs),
    events: merged.get(EVENTS_KEY)?.n ?? 0,
    rejected,
    features: spec.features.map((f) => featureSummary(merged, f)),
    prediction:
      spec.task === 'regression'
        ? take(merged, 'numerical:prediction', NumericSummary)
        : take(merged, 'categorical:prediction', CategoricalSummary),
    score: binary ? take(merged, 'numerical:score', NumericSummary) : null,
    cbpe: binary ? take(merged, 'cbpe', CbpeSummary) : null,
    multivariate: coMoments(merged, spec),
    performance,
    value: take(merged, VALUE_KEY, ValueSum),
    merged: {
      hourTiles: rows.filter((r) => r.resolution === 3600).length,
      fineTiles: rows.filter((r) => r.resolution !== 3600 && r.resolution !== 0).length,
      contributions: rows.filter((r) => r.resolution === 0).length,
    },
    incomplete: [
      ...quarantined.before,
      ...undecodable.map((u) => describeUndecodable(u, quarantined.tileSeconds)),
    ],
  };
  return { window, undecodable };
}
