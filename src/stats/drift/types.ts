/**
 * Glossary of the drift engine.
 * - measure: one number (or statistic + p-value) comparing a window with the reference.
 * - method: the measure a feature's verdict is taken from (DriftMethod).
 * - profile: what is decided once from the reference: its size, its distinct values,
 *   the bins, and so the default method. A feature's method never changes with the window.
 * - verdict: drifted or not: the method's value passes its threshold (practical) and its noise
 *   p-value, from the reference's null model, is below alpha, the alarm budget's share.
 */
import type { z } from 'zod';
import type {
  categoricalMeasuresSchema,
  datasetDriftSchema,
  driftMethodSchema,
  featureDriftConfigSchema,
  featureDriftSchema,
  featureTypeSchema,
  numericalMeasuresSchema,
  testResultSchema,
} from './report.schemas.js';

export type DriftMethod = z.infer<typeof driftMethodSchema>;
export type FeatureType = z.infer<typeof featureTypeSchema>;
export type TestResult = z.infer<typeof testResultSchema>;
export type NumericalMeasures = z.infer<typeof numericalMeasuresSchema>;
export type CategoricalMeasures = z.infer<typeof categoricalMeasuresSchema>;
export type FeatureDrift = z.infer<typeof featureDriftSchema>;
export type DatasetDrift = z.infer<typeof datasetDriftSchema>;
/** Per-feature overrides from the model schema. */
export type FeatureDriftConfig = z.infer<typeof featureDriftConfigSchema>;

/** Measures for a feature of either type, tagged with it. */
export type FeatureMeasures =
  { type: 'numerical'; measures: NumericalMeasures } | { type: 'categorical'; measures: CategoricalMeasures };
