/** Shape of tests/golden/drift.json (written by tests/golden/drift.py with SciPy 1.10). */
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
  published: {
    frouros: { source: string; statistic: number; pValue: number };
    nannyml: { source: string; lInfinity: number };
  };
}

export const golden = readGolden<DriftGolden>('drift.json');
