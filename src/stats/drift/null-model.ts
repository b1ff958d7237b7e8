/**
 * How large a drift statistic gets by chance: its null distribution when the window's n
 * values are drawn from the same distribution as the reference's m, and the calibrated
 * p-value of an observed statistic under it (docs/statistics.md#noise-aware-verdicts).
 *
 * - ks, chiSquare, zTest are tests already: their own asymptotic p-value is the answer.
 * - psi, jensenShannon, hellinger are, to second order, Pearson's χ² on the bins divided by a
 *   constant: PSI ≈ JS²·8·ln 2 ≈ Hellinger²·8 ≈ Σ (q − p)² / p, and under no drift
 *   Σ (q − p)² / p ≈ (1/n + 1/m)·χ²(k − 1). The multinomial variance of Pearson's statistic
 *   grows with rare bins; the statistic is matched to a scaled χ² with that mean and variance
 *   (Satterthwaite), which keeps the tail honest for categories that are seldom seen.
 * - lInfinity is the largest change in one bin's share; each share moves by a normal with
 *   variance p(1 − p)(1/n + 1/m), and the union bound over bins gives a p-value that is never
 *   smaller than the true one.
 * - wasserstein: √(nm/(n+m))·W1/σ against windows of the same size drawn from the reference's
 *   quantiles, with an exponential tail beyond their 90th percentile (wasserstein-null.ts).
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { hellinger, jensenShannon, psi } from '../distances.js';
import { mulberry32 } from '../../lib/random.js';
import { lowerBound } from '../sorted.js';
import { wassersteinTail, type WassersteinNull } from './wasserstein-null.js';
import type { DriftMethod } from './types.js';

/** What the reference fixes about a feature's noise; computed once with its profile. */
export interface NullModel {
  /** Present reference values (m). */
  count: number;
  /** The reference's share of each of its non-empty bins (numerical bins, or categories). */
  shares: readonly number[];
  /** Numerical features: the moments of the Wasserstein limit; null for categorical ones. */
  wasserstein: WassersteinNull | null;
}

export interface Observed {
  statistic: number;
  /** The test's own p-value, for ks, chiSquare and zTest. */
  pValue: number | null;
}

/**
 * P(statistic ≥ observed | no drift) for a window of n present values, or null when the
 * method's null distribution is not defined here (a test without its p-value).
 */
export function noisePValue(method: DriftMethod, observed: Observed, model: NullModel, n: number): number {
  const scale = 1 / n + 1 / model.count;
  const s = observed.statistic;
  switch (method) {
    case 'ks':
    case 'chiSquare':
    case 'zTest':
      if (observed.pValue === null) throw new RangeError(`${method} needs its p-value`);
      return observed.pValue;
    case 'psi':
    case 'jensenShannon':
    case 'hellinger': {
      const moments = binnedMoments(method, model.shares, n);
      return gammaTail(chiSquareScale(method, s) / scale, moments.mean, moments.variance);
    }
    case 'lInfinity':
      return shareChangeTail(s, model.shares, scale);
    case 'wasserstein':
      if (model.wasserstein === null) throw new RangeError('wasserstein needs a numerical reference');
      return wassersteinTail(s / Math.sqrt(scale), model.wasserstein, n);
  }
}

type BinnedMethod = 'psi' | 'jensenShannon' | 'hellinger';

/** The statistic on Pearson's scale Σ (q − p)² / p, to second order. */
function chiSquareScale(method: BinnedMethod, s: number): number {
  if (method === 'psi') return s;
  return method === 'jensenShannon' ? 8 * Math.LN2 * s * s : 8 * s * s;
}

const DISTANCES: Record<BinnedMethod, (p: readonly number[], q: readonly number[]) => number> = {
  psi,
  jensenShannon,
  hellinger,
};

/** Below this expected count in a bin, Pearson's moments are not trusted and the null is drawn. */
const MIN_EXPECTED = 5;
/** Windows up to this size are drawn; larger ones use Pearson's moments. */
export const DRAWN_UP_TO = 4096;
/** Windows drawn per size bucket. */
export const DRAWS = 1000;

interface Moments {
  mean: number;
  variance: number;
}

/** Drawn moments per reference (its shares), method and size bucket. */
const drawn = new WeakMap<readonly number[], Map<string, Moments>>();

/**
 * The mean and variance of n·chiSquareScale(statistic) under no drift. Pearson's exact
 * moments (k − 1 and 2(k − 1) + (Σ 1/p − k² − 2k + 2)/n) while every bin expects at least
 * 5 values; otherwise, for windows up to DRAWN_UP_TO values, the moments of DRAWS windows
 * drawn from the reference's shares (seeded, so the same inputs give the same p-value),
 * cached per reference, method and size bucket (steps of 2^(1/8), about 9%).
 */
export function binnedMoments(method: BinnedMethod, shares: readonly number[], n: number): Moments {
  const k = shares.length;
  if (k <= 1) return { mean: 0, variance: 0 };
  const smallest = Math.min(...shares);
  if (n * smallest >= MIN_EXPECTED || n > DRAWN_UP_TO) return pearsonMoments(shares, n);
  const bucket = Math.round(8 * Math.log2(Math.max(1, n)));
  let cache = drawn.get(shares);
  if (!cache) drawn.set(shares, (cache = new Map()));
  const key = `${method}:${bucket}`;
  let moments = cache.get(key);
  if (!moments) cache.set(key, (moments = drawMoments(method, shares, Math.round(2 ** (bucket / 8)))));
  return moments;
}

function pearsonMoments(shares: readonly number[], n: number): Moments {
  const k = shares.length;
  let inverse = 0;
  for (const p of shares) inverse += 1 / p;
  return { mean: k - 1, variance: 2 * (k - 1) + (inverse - k * k - 2 * k + 2) / n };
}

function drawMoments(method: BinnedMethod, shares: readonly number[], n: number): Moments {
  const cumulative: number[] = [];
  let total = 0;
  for (const p of shares) cumulative.push((total += p));
  const random = mulberry32(n * 7919 + shares.length);
  const counts = new Array<number>(shares.length);
  let sum = 0;
  let squares = 0;
  for (let draw = 0; draw < DRAWS; draw++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[lowerBound(cumulative, random() * total)]!++;
    const x =
      n *
      chiSquareScale(
        method,
        DISTANCES[method](
          shares,
          counts.map((c) => c / n),
        ),
      );
    sum += x;
    squares += x * x;
  }
  const mean = sum / DRAWS;
  return { mean, variance: Math.max(0, squares / DRAWS - mean * mean) };
}

/** Union bound over bins of P(|Δ share| ≥ t), Δ ~ N(0, p(1 − p)·scale). */
export function shareChangeTail(t: number, shares: readonly number[], scale: number): number {
  if (t <= 0) return 1;
  let sum = 0;
  for (const p of shares) {
    const sd = Math.sqrt(p * (1 - p) * scale);
    if (sd > 0) sum += 2 * normalCdf(-t / sd, 0, 1);
  }
  return clamp(sum);
}

/** P(Z ≥ z) for Z matched to a gamma with this mean and variance. */
export function gammaTail(z: number, mean: number, variance: number): number {
  if (!(mean > 0 && variance > 0)) return z > 0 ? 0 : 1;
  const shape = (mean * mean) / variance;
  const scale = variance / mean;
  return clamp(gammainc(Math.max(0, z) / scale, shape, true, true));
}

function clamp(p: number): number {
  return Math.min(1, Math.max(0, p));
}
