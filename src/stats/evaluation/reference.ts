import type { FeatureSpec, ModelSpec } from '../../domain/model-spec.js';
import type { CbpeCalibration } from '../cbpe/index.js';
import { categoricalProfile, type ReferenceProfile } from '../drift/profile.js';
import { defaultMethod } from '../drift/methods.js';
import type { DriftMethod, FeatureDriftConfig, FeatureType } from '../drift/types.js';
import type { ReconstructionModel } from '../multivariate/reconstruction.js';
import type { ValueRange } from '../quality/quality.js';
import type { MeasureBackend } from './backend.js';
import type { CategoricalPart, NumericalPart, Traffic } from '../core/traffic.js';

/**
 * Everything fixed once from the reference (docs/statistics.md#default-method: a feature's method never switches
 * with the window): per feature its profile (size, distinct values, bins), default method,
 * value range and the reference column itself (raw values or a summary); CBPE's calibration.
 */
export interface FeatureReference<N, C> {
  name: string;
  type: FeatureType;
  profile: ReferenceProfile;
  defaultMethod: DriftMethod;
  config?: FeatureDriftConfig;
  /** Numerical: the reference's smallest and largest value (data quality's range). */
  range: ValueRange | null;
  column: N | C;
}

export interface Reference<N, C> {
  rows: number;
  features: FeatureReference<N, C>[];
  /** null when the reference has no predictions. */
  prediction: FeatureReference<N, C> | null;
  /** Binary models: the score; null without scores. */
  score: FeatureReference<N, C> | null;
  /** CBPE's calibration, fitted on the reference's labelled scores; null when it cannot be. */
  cbpe: CbpeCalibration | null;
  /** Multivariate drift's PCA; null with fewer than 2 numerical features or 300 rows. */
  multivariate: ReconstructionModel | null;
}

export function buildReference<N extends NumericalPart, C extends CategoricalPart>(
  spec: ModelSpec,
  columns: Traffic<N, C>,
  backend: MeasureBackend<N, C>,
  cbpe: CbpeCalibration | null,
): Reference<N, C> {
  const feature = (name: string, type: FeatureType, column: N | C, config?: FeatureSpec['drift']) =>
    featureReference(name, type, column, backend, config);
  const predictionType: FeatureType = spec.task === 'regression' ? 'numerical' : 'categorical';
  return {
    rows: columns.events,
    features: spec.features.map((f, i) => feature(f.name, f.type, columns.features[i]!, f.drift)),
    prediction:
      backend.present(columns.prediction) > 0
        ? feature('prediction', predictionType, columns.prediction)
        : null,
    score: backend.present(columns.score) > 0 ? feature('score', 'numerical', columns.score) : null,
    cbpe,
    multivariate: backend.multivariateModel(columns.comoments),
  };
}

function featureReference<N extends NumericalPart, C extends CategoricalPart>(
  name: string,
  type: FeatureType,
  column: N | C,
  backend: MeasureBackend<N, C>,
  config?: FeatureDriftConfig,
): FeatureReference<N, C> {
  const profile =
    type === 'numerical'
      ? backend.numericalProfile(column as N)
      : categoricalProfile(
          backend.present(column) + backend.missing(column),
          backend.categoryCounts(column as C),
          backend.categorySequence?.(column as C),
        );
  return {
    name,
    type,
    profile,
    defaultMethod: defaultMethod(profile),
    ...(config ? { config } : {}),
    range: type === 'numerical' ? backend.range(column as N) : null,
    column,
  };
}
