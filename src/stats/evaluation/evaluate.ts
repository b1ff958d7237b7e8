import type { ModelSpec } from '../../domain/model-spec.js';
import { DEFAULT_ALARM_BUDGET, DEFAULT_SCHEDULES, effectiveAlpha } from '../drift/budget.js';
import { alignCounts } from '../drift/categorical.js';
import { datasetDrift, evaluateFeature, resolveMethod } from '../drift/engine.js';
import { categoricalMeasuresFromCounts, wantsZTest } from '../drift/measures.js';
import type { FeatureDrift, FeatureMeasures } from '../drift/types.js';
import { multivariateVerdict } from '../multivariate/verdict.js';
import { countUnseen, quality, type QualityCounts } from '../quality/quality.js';
import { OTHER_CATEGORY } from '../summaries/categorical-summary.js';
import type { MeasureBackend } from './backend.js';
import type { CategoricalPart, NumericalPart, Traffic } from '../core/traffic.js';
import type { Evaluation } from './evaluation.schemas.js';
import { estimatedOf, realizedOf } from './performance-results.js';
import type { FeatureReference, Reference } from './reference.js';

/**
 * Evaluates a window against a reference: drift per feature, of the prediction and of the
 * score, dataset drift, data quality and performance. Pure; the backend decides whether
 * numbers come from raw values or from summaries.
 */
export function evaluateWindow<N extends NumericalPart, C extends CategoricalPart>(
  spec: ModelSpec,
  reference: Reference<N, C>,
  window: Traffic<N, C>,
  backend: MeasureBackend<N, C>,
  options: EvaluationOptions = {},
): Evaluation {
  const alpha = options.alpha ?? defaultAlpha(spec);
  // An outcome batch folded before its predictions' batch can briefly leave more labelled pairs
  // than predictions in a window from tiles (tiles README): raised to the pairs, coverage reads 1
  // until the predictions' fold lands, instead of failing the evaluation.
  const predictions = Math.max(backend.present(window.prediction), window.pairs);
  const features = reference.features.map((ref, i) => featureDrift(ref, window.features[i]!, backend, alpha));
  const optional = (ref: FeatureReference<N, C> | null, column: N | C) =>
    ref === null || backend.present(column) === 0 ? null : featureDrift(ref, column, backend, alpha);
  return {
    datasetDrift: datasetDrift(features, alpha),
    features,
    prediction: optional(reference.prediction, window.prediction),
    score: spec.task === 'binary_classification' ? optional(reference.score, window.score) : null,
    multivariate:
      reference.multivariate === null
        ? null
        : multivariateVerdict(
            reference.multivariate,
            backend.multivariateError(reference.multivariate, window.comoments),
            alpha,
          ),
    quality: quality(
      window.events,
      window.rejected,
      reference.features.map((ref, i) => qualityCounts(ref, window.features[i]!, backend)),
    ),
    performance:
      predictions === 0
        ? null
        : {
            realized: realizedOf(window.performance, predictions),
            estimated: estimatedOf(window.cbpe, reference.cbpe),
          },
    source: { referenceRows: reference.rows, windowRows: window.events, computedFrom: backend.computedFrom },
  };
}

export interface EvaluationOptions {
  /** The level each drift verdict's noise test is run at; default: defaultAlpha(spec). */
  alpha?: number;
}

/**
 * Verdicts that could page per evaluation: every feature, the prediction, the score, the dataset
 * and the multivariate one.
 */
export function verdictsPerEvaluation(spec: ModelSpec): number {
  return spec.features.length + 4;
}

/** The level under the default alarm budget and the default windows (budget.ts). */
export function defaultAlpha(spec: ModelSpec): number {
  return effectiveAlpha(DEFAULT_ALARM_BUDGET, verdictsPerEvaluation(spec), DEFAULT_SCHEDULES);
}

function featureDrift<N extends NumericalPart, C extends CategoricalPart>(
  ref: FeatureReference<N, C>,
  column: N | C,
  backend: MeasureBackend<N, C>,
  alpha: number,
): FeatureDrift {
  const { method, minSamples } = resolveMethod(ref.type, ref.defaultMethod, ref.config);
  const windowCount = backend.present(column);
  const measurable = windowCount >= minSamples && windowCount > 0 && ref.profile.present > 0;
  let measures: FeatureMeasures | null = null;
  if (measurable && ref.type === 'numerical') {
    measures = {
      type: 'numerical',
      measures: backend.numericalMeasures(ref.column as N, column as N, ref.profile, method),
    };
  } else if (measurable) {
    const aligned = alignCounts(
      byFrequency(backend.categoryCounts(ref.column as C)),
      backend.categoryCounts(column as C),
    );
    measures = {
      type: 'categorical',
      measures: categoricalMeasuresFromCounts(aligned.ref, aligned.cur, wantsZTest(ref.profile, method)),
    };
  }
  return evaluateFeature({
    name: ref.name,
    type: ref.type,
    defaultMethod: ref.defaultMethod,
    ...(ref.config ? { config: ref.config } : {}),
    windowCount,
    measures,
    noise: ref.profile.noise,
    band: ref.profile.band,
    alpha,
  });
}

/**
 * Reference categories, most frequent first (ties by name): a fixed order whatever order the
 * counts were collected in, so the z-test's "first category" is the same on every path.
 */
function byFrequency(counts: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));
}

function qualityCounts<N extends NumericalPart, C extends CategoricalPart>(
  ref: FeatureReference<N, C>,
  column: N | C,
  backend: MeasureBackend<N, C>,
): QualityCounts {
  const base = {
    name: ref.name,
    type: ref.type,
    present: backend.present(column),
    missing: backend.missing(column),
  };
  if (ref.type === 'numerical') {
    const { count, approximate } = backend.outOfRange(column as N, ref.range);
    return { ...base, outOfRange: count, approximate };
  }
  const [refCounts, curCounts] = [
    backend.categoryCounts(ref.column as C),
    backend.categoryCounts(column as C),
  ];
  return {
    ...base,
    unseen: countUnseen(refCounts, curCounts),
    // Capped summaries fold rare categories into __other__, whose contents are unknown.
    approximate: refCounts.has(OTHER_CATEGORY) || curCounts.has(OTHER_CATEGORY),
  };
}
