// Expected values: the exact raw-value measures of src/stats/drift/numerical.ts (ksTest,
// wassersteinNormalized, decileEdges, binCounts, binnedMeasures), which
// drift-numerical.test.ts checks against SciPy 1.10 / numpy 1.24 goldens. The bounds are
// docs/statistics.md#error-bounds-from-tiles: 0.01 absolute for KS D, PSI, Jensen-Shannon and Hellinger;
// max(1% relative, 0.005 absolute) for normalized Wasserstein.
import { describe, expect, it } from 'vitest';
import { hellinger, jensenShannon, psi } from '../../../src/stats/distances.js';
import {
  binnedMeasures,
  decileEdges,
  ksTest,
  wassersteinNormalized,
} from '../../../src/stats/drift/numerical.js';
import {
  binProportionsFromSummary,
  decileEdgesFromSummary,
  ksFromSummaries,
  wassersteinNormalizedFromSummaries,
} from '../../../src/stats/summaries/drift-inputs.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { DRIFT_CASES, draw } from '../../helpers/drift-cases.js';
import { seededRandom } from '../../helpers/random.js';
import { foldAsTiles, type MergeOrder, type Mergeable } from '../../helpers/tiles.js';

const numeric: Mergeable<NumericSummary> = {
  create: () => new NumericSummary(),
  add: (s, v) => s.add(v),
  merge: (a, b) => a.merge(b),
};

const SIZES = [100, 1000, 10_000, 100_000];
const ORDERS: MergeOrder[] = ['forward', 'reverse'];

function withinBounds(label: string, sketch: number, exact: number, bound: number): void {
  expect(Math.abs(sketch - exact), `${label}: sketch ${sketch} vs exact ${exact}`).toBeLessThanOrEqual(bound);
}

describe.each(DRIFT_CASES.map((c, i) => ({ ...c, seed: 101 + i })))('$name', (c) => {
  it.each(SIZES)('n = %i: merged-summary drift values stay within docs/statistics.md bounds', (n) => {
    const rng = seededRandom(c.seed * 7919 + n);
    const ref = Array.from(draw(n, c.reference, rng));
    const win = Array.from(draw(n, c.window, rng));
    const exactEdges = decileEdges(ref);
    const exactBinned = binnedMeasures(ref, win, exactEdges);
    const exactKs = ksTest(ref, win).statistic;
    const exactW = wassersteinNormalized(ref, win);

    // The reference is folded in one pass (an uploaded data set); the window as tiles.
    const reference = new NumericSummary();
    for (const v of ref) reference.add(v);
    for (const order of ORDERS) {
      const { window } = foldAsTiles(win, numeric, seededRandom(n + 1), order);
      const edges = decileEdgesFromSummary(reference);
      const p = binProportionsFromSummary(reference, edges);
      const q = binProportionsFromSummary(window, edges);
      const ks = ksFromSummaries(reference, window);
      expect([ks.n, ks.m]).toEqual([n, n]);
      withinBounds(`KS (${order})`, ks.statistic, exactKs, 0.01);
      withinBounds(`PSI (${order})`, psi(p, q), exactBinned.psi, 0.01);
      withinBounds(`JS (${order})`, jensenShannon(p, q), exactBinned.jensenShannon, 0.01);
      withinBounds(`Hellinger (${order})`, hellinger(p, q), exactBinned.hellinger, 0.01);
      const w = wassersteinNormalizedFromSummaries(reference, window);
      withinBounds(`Wasserstein (${order})`, w, exactW, Math.max(0.01 * exactW, 0.005));
    }
  });
});
