/**
 * Learned thresholds (docs/statistics.md#learned-thresholds): a distance's σ-band over 30 chunks
 * of the reference, each chunk compared with the whole reference as a window would be. The
 * threshold is the upper end of a prediction interval for one more chunk,
 * mean + t(1 − 0.00135, C − 1)·√(1 + 1/C)·sd: the 3σ of a normal, widened for C chunks.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { binCounts } from './bins.js';
import { alignCounts } from './categorical.js';
import { categoricalMeasuresFromCounts, numericalMeasuresFromParts } from './measures.js';
import { P_VALUE_METHODS } from './methods.js';
import { ksTestSorted, wassersteinNormalizedSorted } from './numerical.js';
import type { ReferenceProfile } from './profile.js';
import type { DriftMethod } from './types.js';

export const BAND_CHUNKS = 30;
/** A chunk needs this many values: the default minSamples of a window. */
export const BAND_MIN_CHUNK = 100;
/** One-sided tail of the band: a normal's 3σ. */
export const BAND_TAIL = 0.00135;

export interface LearnedBand {
  chunks: number;
  /** Values per chunk: the window size the band is learned for. */
  chunkSize: number;
  /** Per distance method, the mean and sample standard deviation over the chunks. */
  measures: Partial<Record<DriftMethod, { mean: number; sd: number }>>;
}

/** The learned threshold of a method, or null when the band has none for it. */
export function bandThreshold(band: LearnedBand, method: DriftMethod): number | null {
  const m = band.measures[method];
  if (m === undefined) return null;
  const c = band.chunks;
  return m.mean + tQuantile(1 - BAND_TAIL, c - 1) * Math.sqrt(1 + 1 / c) * m.sd;
}

/** Chunks of a sequence in reference order; null when a chunk would be too small. */
function chunksOf<T>(sequence: readonly T[]): T[][] | null {
  const size = Math.floor(sequence.length / BAND_CHUNKS);
  if (size < BAND_MIN_CHUNK) return null;
  return Array.from({ length: BAND_CHUNKS }, (_, c) => sequence.slice(c * size, (c + 1) * size));
}

function bandOf(perChunk: Record<string, unknown>[], chunkSize: number): LearnedBand {
  const measures: LearnedBand['measures'] = {};
  for (const method of Object.keys(perChunk[0]!) as DriftMethod[]) {
    if (P_VALUE_METHODS.has(method)) continue;
    const values = perChunk.map((m) => m[method] as number);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    measures[method] = { mean, sd };
  }
  return { chunks: perChunk.length, chunkSize, measures };
}

/** The band of a numerical feature from its present reference values in row order. */
export function numericalBand(values: readonly number[], profile: ReferenceProfile): LearnedBand | null {
  const chunks = chunksOf(values);
  if (chunks === null) return null;
  const reference = Float64Array.from(values).sort();
  const refCounts = binCounts(reference, profile.edges);
  const perChunk = chunks.map((chunk) => {
    const sorted = Float64Array.from(chunk).sort();
    const parts = {
      ks: ksTestSorted(reference, sorted),
      wasserstein: wassersteinNormalizedSorted(reference, sorted),
      refCounts,
      curCounts: binCounts(sorted, profile.edges),
    };
    return numericalMeasuresFromParts(parts, profile, 'lInfinity');
  });
  return bandOf(perChunk, chunks[0]!.length);
}

/** The band of a categorical feature from its present reference values in row order. */
export function categoricalBand(
  sequence: readonly string[],
  counts: ReadonlyMap<string, number>,
): LearnedBand | null {
  const chunks = chunksOf(sequence);
  if (chunks === null) return null;
  const perChunk = chunks.map((chunk) => {
    const chunkCounts = new Map<string, number>();
    for (const v of chunk) chunkCounts.set(v, (chunkCounts.get(v) ?? 0) + 1);
    const aligned = alignCounts(counts, chunkCounts);
    return categoricalMeasuresFromCounts(aligned.ref, aligned.cur, false);
  });
  return bandOf(perChunk, chunks[0]!.length);
}
