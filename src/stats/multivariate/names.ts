import type { ModelSpec } from '../../domain/model-spec.js';
import { MAX_COMOMENT_FEATURES } from './comoments.js';

/** The features multivariate drift pairs: the numerical ones, in spec order, the first 32. */
export function multivariateNames(spec: ModelSpec): string[] {
  return spec.features
    .filter((f) => f.type === 'numerical')
    .map((f) => f.name)
    .slice(0, MAX_COMOMENT_FEATURES);
}
