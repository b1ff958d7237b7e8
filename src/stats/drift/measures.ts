/**
 * All drift measures of one feature from counts or raw values. Count-based functions are
 * shared with the summary path (tiles give bin counts and category counts directly).
 */
import { hellinger, jensenShannon, lInfinity, proportions, psi } from '../distances.js';
import { binCounts } from './bins.js';
import { chiSquareTest, zTest } from './categorical.js';
import { ksTestSorted, wassersteinNormalizedSorted } from './numerical.js';
import type { ReferenceProfile } from './profile.js';
import type { CategoricalMeasures, DriftMethod, NumericalMeasures, TestResult } from './types.js';
import { sortedPresent, type RawNumber } from './values.js';

/** Methods computed on bins that a continuous numerical feature only gets when chosen. */
const ON_REQUEST: ReadonlySet<DriftMethod> = new Set(['chiSquare', 'zTest', 'lInfinity']);

/**
 * Categorical measures on aligned counts (reference categories first). The z-test compares
 * the share of the first reference category, so it is defined for any number of categories;
 * it is reported when `withZTest` (two reference categories, or chosen as the method).
 */
export function categoricalMeasuresFromCounts(
  refCounts: readonly number[],
  curCounts: readonly number[],
  withZTest: boolean,
): CategoricalMeasures {
  const p = proportions(refCounts);
  const q = proportions(curCounts);
  const measures: CategoricalMeasures = {
    chiSquare: chiSquareTest(refCounts, curCounts),
    psi: psi(p, q),
    jensenShannon: jensenShannon(p, q),
    hellinger: hellinger(p, q),
    lInfinity: lInfinity(p, q),
  };
  if (withZTest) measures.zTest = firstCategoryZTest(refCounts, curCounts);
  return measures;
}

function firstCategoryZTest(refCounts: readonly number[], curCounts: readonly number[]): TestResult {
  const split = (counts: readonly number[]): [number, number] => {
    const total = counts.reduce((s, c) => s + c, 0);
    return [counts[0] ?? 0, total - (counts[0] ?? 0)];
  };
  return zTest(split(refCounts), split(curCounts));
}

/** Whether a z-test belongs in the measures: two reference values, or chosen as the method. */
export function wantsZTest(profile: Pick<ReferenceProfile, 'distinct'>, method: DriftMethod): boolean {
  return profile.distinct === 2 || method === 'zTest';
}

/** The pieces numerical measures are made of, from raw values or from summaries. */
export interface NumericalParts {
  ks: TestResult;
  wasserstein: number;
  /** Counts per profile bin (profile.edges), reference and window. */
  refCounts: readonly number[];
  curCounts: readonly number[];
}

/**
 * Numerical measures from their parts. The binned ones use the profile's bins (reference
 * deciles, or one bin per value for a discrete feature); a discrete feature, or a feature
 * whose method is one of them, also gets chi-square, L-infinity and (see wantsZTest) a z-test.
 */
export function numericalMeasuresFromParts(
  parts: NumericalParts,
  profile: ReferenceProfile,
  method: DriftMethod,
): NumericalMeasures {
  const binned = categoricalMeasuresFromCounts(parts.refCounts, parts.curCounts, wantsZTest(profile, method));
  const measures: NumericalMeasures = {
    ks: parts.ks,
    wasserstein: parts.wasserstein,
    psi: binned.psi,
    jensenShannon: binned.jensenShannon,
    hellinger: binned.hellinger,
  };
  if (profile.discrete || ON_REQUEST.has(method)) {
    measures.chiSquare = binned.chiSquare;
    measures.lInfinity = binned.lInfinity;
    if (binned.zTest !== undefined) measures.zTest = binned.zTest;
  }
  return measures;
}

/** Numerical measures on raw values. */
export function numericalMeasures(
  ref: readonly RawNumber[],
  cur: readonly RawNumber[],
  profile: ReferenceProfile,
  method: DriftMethod,
): NumericalMeasures {
  const a = sortedPresent(ref);
  const b = sortedPresent(cur);
  const parts = {
    ks: ksTestSorted(a, b),
    wasserstein: wassersteinNormalizedSorted(a, b),
    refCounts: binCounts(a, profile.edges),
    curCounts: binCounts(b, profile.edges),
  };
  return numericalMeasuresFromParts(parts, profile, method);
}
