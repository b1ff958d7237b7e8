import type { ModelSpec } from '../../domain/model-spec.js';
import type { CbpeCalibration } from '../cbpe/index.js';
import { numericalMeasuresFromParts } from '../drift/measures.js';
import { DISCRETE_MAX_DISTINCT } from '../drift/methods.js';
import type { NullModel } from '../drift/null-model.js';
import { ksResult, WASSERSTEIN_MIN_STD } from '../drift/numerical.js';
import { sharesOf, type ReferenceProfile } from '../drift/profile.js';
import { wassersteinNull } from '../drift/wasserstein-null.js';
import { estimateOutOfRange } from '../quality/quality.js';
import type { CategoricalSummary } from '../summaries/categorical-summary.js';
import {
  binCountsFromSummary,
  decileEdgesFromSummary,
  ksFromSummaries,
  wassersteinNormalizedFromSummaries,
} from '../summaries/drift-inputs.js';
import type { NumericSummary } from '../summaries/numeric-summary.js';
import { viewQuantile, weightAtOrBelow, weightBelow } from '../summaries/weighted-view.js';
import { CoMoments } from '../multivariate/comoments.js';
import { fitReconstruction, meanErrorOfCoMoments } from '../multivariate/reconstruction.js';
import { RawRows } from './raw-parts.js';
import type { MeasureBackend } from './backend.js';
import type { Traffic } from '../core/traffic.js';
import { evaluateWindow, type EvaluationOptions } from './evaluate.js';
import type { Evaluation } from './evaluation.schemas.js';
import { buildReference, type Reference } from './reference.js';

/**
 * Evaluation from mergeable summaries, as the service does from tiles. Within docs/statistics.md's
 * bounds of the exact values (KS D, PSI, JS, Hellinger 0.01; Wasserstein 1% or 0.005), and
 * exact while the sketches are (up to 1024 distinct values per feature).
 */
export const summaryBackend: MeasureBackend<NumericSummary, CategoricalSummary> = {
  computedFrom: 'summaries',
  present: (column) => column.count,
  missing: (column) => column.nulls,
  numericalProfile: summaryProfile,
  range: (column) => (column.count === 0 ? null : { min: column.min, max: column.max }),
  numericalMeasures(ref, cur, profile, method) {
    const ks = ksFromSummaries(ref, cur);
    const parts = {
      ks: ksResult(ks.statistic, ks.n, ks.m),
      wasserstein: wassersteinNormalizedFromSummaries(ref, cur),
      refCounts: binCountsFromSummary(ref, profile.edges),
      curCounts: binCountsFromSummary(cur, profile.edges),
    };
    return numericalMeasuresFromParts(parts, profile, method);
  },
  outOfRange(column, range) {
    const view = () => column.sketch.view();
    return estimateOutOfRange(
      {
        count: column.count,
        min: column.min,
        max: column.max,
        countBelow: (x) => weightBelow(view(), x),
        countAtOrBelow: (x) => weightAtOrBelow(view(), x),
        exact: column.sketch.isExact,
      },
      range,
    );
  },
  categoryCounts: (column) => new Map(column.entries()),
  // The band needs the reference's rows in order: fitted where the reference kept them raw.
  multivariateModel: (column) =>
    column instanceof RawRows ? fitReconstruction(column.names, column.rows) : null,
  multivariateError(model, column) {
    if (!(column instanceof CoMoments)) throw new TypeError('summary evaluation without co-moments');
    return { rows: column.rows, error: column.rows === 0 ? null : meanErrorOfCoMoments(model, column) };
  },
};

/**
 * The profile of a numerical reference summary: as src/stats/drift/profile.ts decides it
 * from raw values. While the sketch is exact its view lists the distinct values; once it
 * has switched it holds more than 1024 of them, so the feature is continuous.
 */
function summaryProfile(column: NumericSummary): ReferenceProfile {
  const rows = column.count + column.nulls;
  const values = column.sketch.view().values;
  const distinct = column.sketch.isExact ? values.length : Infinity;
  const discrete = distinct <= DISCRETE_MAX_DISTINCT;
  const edges = column.count === 0 ? [] : discrete ? Array.from(values) : decileEdgesFromSummary(column);
  return {
    type: 'numerical',
    rows,
    present: column.count,
    distinct: Math.min(distinct, DISCRETE_MAX_DISTINCT + 1),
    discrete,
    edges,
    noise: numericalNullModel(column, edges),
    band: null,
  };
}

/**
 * The null model of a numerical reference summary with these bin edges: the service keeps
 * the edges decided from the raw reference, and this from its summary (exact up to 1024
 * distinct values, the sketch's quantiles beyond).
 */
export function numericalNullModel(column: NumericSummary, edges: readonly number[]): NullModel {
  const view = column.sketch.view();
  return {
    count: column.count,
    shares: sharesOf(binCountsFromSummary(column, edges)),
    wasserstein:
      column.count === 0
        ? null
        : wassersteinNull((u) => viewQuantile(view, u), Math.max(column.std, WASSERSTEIN_MIN_STD)),
  };
}

/** The null model of a categorical reference summary. */
export function categoricalNullModel(column: CategoricalSummary): NullModel {
  return {
    count: column.count,
    shares: sharesOf([...column.entries()].map(([, c]) => c)),
    wasserstein: null,
  };
}

/** Fixes what the reference decides once: profiles, default methods, ranges, CBPE's calibration. */
export function referenceFromSummaries(
  spec: ModelSpec,
  reference: Traffic<NumericSummary, CategoricalSummary>,
  cbpe: CbpeCalibration | null,
): Reference<NumericSummary, CategoricalSummary> {
  return buildReference(spec, reference, summaryBackend, cbpe);
}

/** A window's summaries evaluated against a reference fixed from summaries. */
export function evaluateFromSummaries(
  spec: ModelSpec,
  reference: Reference<NumericSummary, CategoricalSummary>,
  window: Traffic<NumericSummary, CategoricalSummary>,
  options: EvaluationOptions = {},
): Evaluation {
  return evaluateWindow(spec, reference, window, summaryBackend, options);
}
