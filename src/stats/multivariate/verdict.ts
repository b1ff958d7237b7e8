/**
 * The multivariate verdict (docs/statistics.md#multivariate-drift): drifted when the window's mean
 * reconstruction error is both well above the reference's (practical: MIN_INCREASE) and beyond
 * noise at the alarm budget's level. Under no drift a window of n rows has a mean error near the
 * reference chunks' mean, with their spread scaled from chunk size to n (means of n rows); the
 * spread was estimated from the chunks, so the p-value is Student's t with chunks − 1 degrees.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { DEFAULT_MIN_SAMPLES } from '../drift/methods.js';
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
  const noisePValue = noiseP(statistic, chunks, windowCount);
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

/** P(a no-drift window of n rows has a mean error at least `error`). */
function noiseP(error: number, chunks: ReconstructionModel['chunks'], n: number): number {
  const spread = chunks.sd * Math.sqrt(chunks.size / n);
  if (spread === 0) return error > chunks.mean ? 0 : 1;
  return 1 - tCdf((error - chunks.mean) / spread, chunks.count - 1);
}
