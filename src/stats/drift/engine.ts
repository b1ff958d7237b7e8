/**
 * The verdict engine: from a feature's measures (computed from raw values or from summaries),
 * its default method and its configuration, the result object of the drift report; and the
 * dataset-level share. Nothing here computes a measure.
 */
import {
  assertMethodFits,
  DATASET_DRIFT_SHARE,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_THRESHOLDS,
  isDrifted,
  P_VALUE_METHODS,
} from './methods.js';
import { datasetLevel } from './budget.js';
import { bandThreshold, type LearnedBand } from './learned-band.js';
import { noisePValue, type NullModel } from './null-model.js';
import type {
  DatasetDrift,
  DriftMethod,
  FeatureDrift,
  FeatureDriftConfig,
  FeatureMeasures,
  FeatureType,
  TestResult,
} from './types.js';

export interface ResolvedMethod {
  method: DriftMethod;
  threshold: number;
  minSamples: number;
}

/** The feature's own method and threshold where configured, else the defaults. */
export function resolveMethod(
  type: FeatureType,
  defaultMethod: DriftMethod,
  config: FeatureDriftConfig = {},
): ResolvedMethod {
  const method = config.method ?? defaultMethod;
  assertMethodFits(method, type);
  return {
    method,
    threshold: config.threshold ?? DEFAULT_THRESHOLDS[method],
    minSamples: config.minSamples ?? DEFAULT_MIN_SAMPLES,
  };
}

export interface FeatureEvaluation {
  name: string;
  type: FeatureType;
  /** Chosen from the reference (methods.ts defaultMethod); config.method overrides it. */
  defaultMethod: DriftMethod;
  config?: FeatureDriftConfig;
  /** Present values of the feature in the window. */
  windowCount: number;
  /** null when they could not be computed (no reference values, or an empty window). */
  measures: FeatureMeasures | null;
  /** The reference's null model (profile.noise): how large the statistic gets by chance. */
  noise: NullModel;
  /** The reference's learned band (profile.band), used when config.learnedThreshold. */
  band?: LearnedBand | null;
  /**
   * The level the noise test is run at: the alarm budget's share for this verdict (budget.ts).
   * 1 turns the test off: the verdict is the method's threshold alone, as before budgets.
   */
  alpha: number;
}

/**
 * A window with fewer than minSamples values, no measures, or a non-finite value for the
 * chosen method gets status 'insufficient_data' and no verdict (statistic, drifted null).
 * Otherwise the feature drifts when the effect is large in practice (the method's threshold)
 * and beyond noise at the budget's level (its noise p-value below alpha).
 */
export function evaluateFeature(input: FeatureEvaluation): FeatureDrift {
  const resolved = resolveMethod(input.type, input.defaultMethod, input.config);
  const { method, minSamples } = resolved;
  const learned = input.config?.learnedThreshold && input.band ? bandThreshold(input.band, method) : null;
  const threshold = learned ?? resolved.threshold;
  const source = learned === null ? {} : { thresholdSource: 'learned' as const };
  const { alpha } = input;
  const value = input.measures === null ? null : pick(input.measures, method);
  if (input.windowCount < minSamples || input.measures === null || value === null) {
    return {
      ...head(input.name, input.type, method),
      ...{ statistic: null, pValue: null, threshold, ...source, noisePValue: null, alpha, practical: null },
      ...{ drifted: null, status: 'insufficient_data' },
      measures: null,
    };
  }
  if (input.measures.type !== input.type)
    throw new RangeError(`${input.name}: measures are not ${input.type}`);
  const noise = noisePValue(method, value, input.noise, input.windowCount);
  const practical = isDrifted(method, value.statistic, value.pValue, threshold);
  const verdict = {
    statistic: value.statistic,
    pValue: value.pValue,
    threshold,
    ...source,
    noisePValue: noise,
    alpha,
    practical,
    drifted: practical && (alpha >= 1 || noise < alpha),
    status: 'ok' as const,
  };
  // Spelled out per type so that the measures stay tied to their type.
  return input.measures.type === 'numerical'
    ? { ...head(input.name, 'numerical', method), ...verdict, measures: input.measures.measures }
    : { ...head(input.name, 'categorical', method), ...verdict, measures: input.measures.measures };
}

/** The leading fields, in the order the report prints them. */
function head<T extends FeatureType>(
  name: string,
  type: T,
  method: DriftMethod,
): { name: string; type: T; method: DriftMethod } {
  return { name, type, method };
}

/** The chosen method's statistic and p-value; null when missing or not finite. */
function pick(
  { measures }: FeatureMeasures,
  method: DriftMethod,
): { statistic: number; pValue: number | null } | null {
  const found = (measures as Partial<Record<DriftMethod, number | TestResult>>)[method];
  if (found === undefined) {
    throw new RangeError(`measure '${method}' was not computed`);
  }
  const value = typeof found === 'number' ? { statistic: found, pValue: null } : found;
  // A test without its p-value (too few values) gives no verdict, as a non-finite statistic.
  if (P_VALUE_METHODS.has(method) && value.pValue === null) return null;
  const finite = Number.isFinite(value.statistic) && (value.pValue === null || Number.isFinite(value.pValue));
  return finite ? value : null;
}

/**
 * Dataset drift: the share of evaluated features (status 'ok') whose effect is large and beyond
 * noise at the dataset's level (budget.ts datasetLevel), drifting when the share ≥ threshold.
 * With alpha 1 (no noise test) every feature with a large effect counts.
 */
export function datasetDrift(
  features: readonly Pick<FeatureDrift, 'status' | 'practical' | 'noisePValue'>[],
  alpha: number,
  threshold = DATASET_DRIFT_SHARE,
): DatasetDrift {
  const evaluated = features.filter((f) => f.status === 'ok');
  const level = evaluated.length === 0 ? null : datasetLevel(evaluated.length, threshold, alpha);
  const counts = (f: (typeof evaluated)[number]) =>
    f.practical === true && (level! >= 1 || (f.noisePValue ?? 1) < level!);
  const driftedFeatures = evaluated.filter(counts).length;
  const share = evaluated.length === 0 ? null : driftedFeatures / evaluated.length;
  return {
    share,
    drifted: share === null ? null : share >= threshold,
    threshold,
    driftedFeatures,
    evaluatedFeatures: evaluated.length,
    alpha,
    featureLevel: level,
  };
}
