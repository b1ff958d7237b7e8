/**
 * Drift for a whole feature set from raw columns: profile each reference, pick the method,
 * compute the measures, and hand them to the engine. `modelwatch report` uses this; the
 * service computes the same measures from tile summaries and calls the same engine.
 */
import { alignCounts, countCategories } from './categorical.js';
import { datasetDrift, evaluateFeature, resolveMethod } from './engine.js';
import { categoricalMeasuresFromCounts, numericalMeasures, wantsZTest } from './measures.js';
import { defaultMethod } from './methods.js';
import { categoricalProfile, numericalProfile } from './profile.js';
import type { DriftReport, FeatureDrift, FeatureDriftConfig, FeatureMeasures, FeatureType } from './types.js';
import { countPresent, type RawCategory, type RawNumber } from './values.js';

export interface FeatureSpec {
  name: string;
  type: FeatureType;
  drift?: FeatureDriftConfig;
}

/** One column per feature name. In a numerical column, anything but a number is missing. */
export type RawColumns = Readonly<Record<string, readonly RawCategory[]>>;

export function computeDrift(
  features: readonly FeatureSpec[],
  reference: RawColumns,
  current: RawColumns,
  options: { datasetThreshold?: number } = {},
): DriftReport {
  const results = features.map((f) => featureDrift(f, reference[f.name] ?? [], current[f.name] ?? []));
  return { datasetDrift: datasetDrift(results, options.datasetThreshold), features: results };
}

export function featureDrift(
  spec: FeatureSpec,
  reference: readonly RawCategory[],
  current: readonly RawCategory[],
): FeatureDrift {
  return spec.type === 'numerical'
    ? numericalDrift(spec, asNumbers(reference), asNumbers(current))
    : categoricalDrift(spec, reference, current);
}

function numericalDrift(spec: FeatureSpec, reference: RawNumber[], current: RawNumber[]): FeatureDrift {
  const profile = numericalProfile(reference);
  const chosen = defaultMethod(profile);
  const { method, minSamples } = resolveMethod(spec.type, chosen, spec.drift);
  const windowCount = countPresent(current);
  const computable = profile.present > 0 && windowCount > 0 && windowCount >= minSamples;
  const measures: FeatureMeasures | null = computable
    ? { type: 'numerical', measures: numericalMeasures(reference, current, profile, method) }
    : null;
  return evaluateFeature({ ...identity(spec), defaultMethod: chosen, windowCount, measures });
}

function categoricalDrift(
  spec: FeatureSpec,
  reference: readonly RawCategory[],
  current: readonly RawCategory[],
): FeatureDrift {
  const refCounts = countCategories(reference);
  const curCounts = countCategories(current);
  const profile = categoricalProfile(reference.length, refCounts);
  const chosen = defaultMethod(profile);
  const { method, minSamples } = resolveMethod(spec.type, chosen, spec.drift);
  let windowCount = 0;
  for (const c of curCounts.values()) windowCount += c;
  const computable = profile.present > 0 && windowCount > 0 && windowCount >= minSamples;
  const aligned = computable ? alignCounts(refCounts, curCounts) : null;
  const measures: FeatureMeasures | null = aligned
    ? {
        type: 'categorical',
        measures: categoricalMeasuresFromCounts(aligned.ref, aligned.cur, wantsZTest(profile, method)),
      }
    : null;
  return evaluateFeature({ ...identity(spec), defaultMethod: chosen, windowCount, measures });
}

function identity(spec: FeatureSpec): { name: string; type: FeatureType; config?: FeatureDriftConfig } {
  return spec.drift === undefined
    ? { name: spec.name, type: spec.type }
    : { name: spec.name, type: spec.type, config: spec.drift };
}

function asNumbers(column: readonly RawCategory[]): RawNumber[] {
  return column.map((v) => (typeof v === 'number' ? v : null));
}
