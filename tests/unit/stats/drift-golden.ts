/** Shape of tests/golden/drift.json (written by tests/golden/drift.py with SciPy 1.10). */
import type { RawCategory } from '../../../src/stats/drift/values.js';
import { readGolden } from '../../helpers/golden.js';

export interface Test {
  statistic: number;
  pValue: number;
}

export interface NumericalCase {
  name: string;
  ref: (number | null)[];
  cur: (number | null)[];
  expected: {
    ks: Test;
    wasserstein: number;
    referenceStd: number;
    distinct: number;
    discrete: boolean;
    edges: number[];
    refBinCounts: number[];
    curBinCounts: number[];
    psi: number;
    jensenShannon: number;
    hellinger: number;
    lInfinity: number;
    chiSquare: Test;
    zTest?: Test;
  };
}

export interface CategoricalCase {
  name: string;
  ref?: string[];
  cur?: string[];
  counts?: true;
  expected: {
    categories: string[];
    refCounts: number[];
    curCounts: number[];
    chiSquare: Test;
    zTest?: Test;
    psi: number;
    jensenShannon: number;
    hellinger: number;
    lInfinity: number;
  };
}

export interface DriftGolden {
  numerical: NumericalCase[];
  ksSmall: { ref: number[]; cur: number[]; statistic: number; pValue: number }[];
  kstwo: { n: number; d: number; sf: number }[];
  categorical: CategoricalCase[];
  published: { vectors: PublishedVector[]; contrasts: PublishedContrast[] };
}

/**
 * Another project's published test vector (tests/golden/drift_published.py): `expected` is
 * SciPy / numpy under our definition, `published` the number their test prints, asserted
 * there within `tolerance` (described by `asserts`).
 */
export interface PublishedVector {
  name: string;
  source: string;
  asserts: string;
  measure: PublishedMeasure;
  /** Raw values where the vector has them; missing values are null. */
  ref?: RawCategory[];
  cur?: RawCategory[];
  categories: string[];
  refCounts: number[];
  curCounts: number[];
  expected: number;
  published: number;
  tolerance: number;
}

export type PublishedMeasure =
  | 'chiSquare.statistic'
  | 'chiSquare.pValue'
  | 'zTest.pValue'
  | 'psi'
  | 'jensenShannon'
  | 'hellinger'
  | 'lInfinity';

/** A published value under another definition, recomputed by SciPy under theirs. */
export interface PublishedContrast extends PublishedVector {
  publishedRecomputed: number;
  theirDefinition: string;
}

export const golden = readGolden<DriftGolden>('drift.json');

export function publishedVector(name: string): PublishedVector {
  const found = golden.published.vectors.find((v) => v.name === name);
  if (found === undefined) throw new Error(`no published vector named '${name}' in drift.json`);
  return found;
}
