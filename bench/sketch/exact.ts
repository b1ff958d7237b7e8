/**
 * The exact side of the comparison: the raw-value measures of src/stats/drift
 * (checked against SciPy by their golden tests), on the same arrays.
 */
import { binCounts, decileEdges, ksTest, wassersteinNormalized } from '../../src/stats/drift/numerical.js';

export interface ExactInputs {
  ks: number;
  wassersteinNormalized: number;
  refCounts: number[];
  winCounts: number[];
}

export function exactInputs(ref: Float64Array, win: Float64Array): ExactInputs {
  const a = Array.from(ref);
  const b = Array.from(win);
  const edges = decileEdges(a);
  return {
    ks: ksTest(a, b).statistic,
    wassersteinNormalized: wassersteinNormalized(a, b),
    refCounts: binCounts(a, edges),
    winCounts: binCounts(b, edges),
  };
}
