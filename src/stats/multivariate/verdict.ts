/**
 * The multivariate verdict (docs/statistics.md#multivariate-drift): drifted when the window's mean
 * reconstruction error is both well above the reference chunks' (practical: MIN_INCREASE) and
 * beyond noise at the alarm budget's level, its noise p-value from windows of its size drawn from
 * the reference rows' out-of-fold errors (error-null.ts).
 */
import { DEFAULT_MIN_SAMPLES } from '../drift/methods.js';
import { meanErrorTail } from './error-null.js';
import type { MultivariateDrift } from './multivariate.schemas.js';
import type { ReconstructionModel } from './reconstruction.js';

/** A window's error must pass the reference's by this share to matter (10% more). */
export const MIN_INCREASE = 0.1;

export function multivariateVerdict(
  model: ReconstructionModel,
  window: { rows: number; error: number | null },
  alpha: number,
): MultivariateDrift {
  const [windowCount, statistic] = [window.rows, window.error];
  const { chunks } = model;
  const threshold = chunks.mean * (1 + MIN_INCREASE);
  const base = {
    method: 'pcaReconstruction' as const,
    features: model.names,
    components: model.components.length,
    explainedVariance: model.explained,
    windowCount,
    reference: chunks.mean,
    threshold,
    alpha,
  };
  if (windowCount < DEFAULT_MIN_SAMPLES || statistic === null || !Number.isFinite(statistic)) {
    return {
      ...base,
      statistic: null,
      noisePValue: null,
      practical: null,
      drifted: null,
      status: 'insufficient_data',
    };
  }
  const noisePValue = meanErrorTail(statistic, model, windowCount);
  const practical = statistic >= threshold;
  return {
    ...base,
    statistic,
    noisePValue,
    practical,
    drifted: practical && noisePValue < alpha,
    status: 'ok',
  };
}
