import { describe, expect, it } from 'vitest';
import { BinarySummary, rocAuc } from '../../../src/stats/performance/index.js';
import { seededRandom, sigmoid, type Random } from '../../helpers/random.js';

// docs/statistics.md#error-bounds-from-tiles: ROC AUC from tiles must be within 0.005 of the exact value on the same data.
// The exact value is rocAuc() on the raw scores, itself checked against sklearn's
// roc_auc_score in performance-metrics.test.ts (tests/golden/performance.json).

type Draw = (r: Random, positive: boolean) => number;

const distributions: Record<string, { positiveShare: number; draw: Draw }> = {
  'logistic model': { positiveShare: 0.3, draw: (r, pos) => sigmoid(r.logistic(pos ? 1 : -1)) },
  'uniform, weak signal': {
    positiveShare: 0.5,
    draw: (r, pos) => (pos ? Math.sqrt(r.uniform()) : r.uniform()),
  },
  'narrow 0.95–1.0': {
    positiveShare: 0.5,
    draw: (r, pos) => 0.95 + 0.05 * r.betaInt(pos ? 3 : 2, pos ? 2 : 3),
  },
  'narrow 0.999–1.0': {
    positiveShare: 0.5,
    draw: (r, pos) => 0.999 + 0.001 * r.betaInt(pos ? 3 : 2, pos ? 2 : 3),
  },
  'narrow 0.5–0.51 (the grid is coarsest here)': {
    positiveShare: 0.5,
    draw: (r, pos) => 0.5 + 0.01 * r.betaInt(pos ? 3 : 2, pos ? 2 : 3),
  },
  'tiny scores below 1e-4': {
    positiveShare: 0.5,
    draw: (r, pos) => 1e-4 * r.betaInt(pos ? 3 : 2, pos ? 2 : 3),
  },
  'boosted trees, logits ±12': {
    positiveShare: 0.4,
    draw: (r, pos) => sigmoid(r.logistic(pos ? 12 : -12, 4)),
  },
  'bimodal scores': {
    positiveShare: 0.5,
    draw: (r, pos) => (r.bernoulli(pos ? 0.7 : 0.3) ? 0.8 + 0.15 * r.uniform() : 0.05 + 0.15 * r.uniform()),
  },
  'rare positives (1%)': { positiveShare: 0.01, draw: (r, pos) => sigmoid(r.logistic(pos ? 2 : -1)) },
  'scores rounded to 0.01 (ties)': {
    positiveShare: 0.5,
    draw: (r, pos) => Math.round(100 * sigmoid(r.logistic(pos ? 0.5 : -0.5))) / 100,
  },
};

function sample(seed: number, n: number, { positiveShare, draw }: { positiveShare: number; draw: Draw }) {
  const r = seededRandom(seed);
  const actual: boolean[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const positive = r.bernoulli(positiveShare);
    actual.push(positive);
    scores.push(draw(r, positive));
  }
  return { actual, scores };
}

describe('ROC AUC from the score grid is within 0.005 of the exact value', () => {
  for (const [name, distribution] of Object.entries(distributions)) {
    for (const n of [200, 5_000, 50_000]) {
      it(`${name}, n = ${n}`, () => {
        const { actual, scores } = sample(n + name.length, n, distribution);
        const exact = rocAuc(actual, scores);
        // A tile per 1,000 pairs, merged as a window would be.
        const window = new BinarySummary();
        for (let start = 0; start < n; start += 1000) {
          const tile = new BinarySummary();
          for (let i = start; i < Math.min(n, start + 1000); i++)
            tile.add(actual[i]!, scores[i]! >= 0.5, scores[i]);
          window.merge(BinarySummary.fromBytes(tile.toBytes()));
        }
        const fromGrid = window.metrics().rocAuc;
        if (exact === null) {
          expect(fromGrid).toBeNull();
          return;
        }
        const error = Math.abs(fromGrid! - exact);
        expect(error).toBeLessThanOrEqual(0.005);
        expect(error).toBeLessThanOrEqual(window.rocAucMaxError()! + 1e-12);
      });
    }
  }
});
