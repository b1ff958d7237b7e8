/**
 * One small summary of each stored kind, built from fixed values: what
 * tests/unit/stats/summary-encoding.test.ts pins byte for byte.
 */
import { CbpeSummary } from '../../src/stats/cbpe/index.js';
import { BinarySummary, MulticlassSummary, RegressionSummary } from '../../src/stats/performance/index.js';
import { encodeCategoricalSummary } from '../../src/stats/summaries/categorical-codec.js';
import { CategoricalSummary } from '../../src/stats/summaries/categorical-summary.js';
import { encodeNumericSummary } from '../../src/stats/summaries/numeric-codec.js';
import { NumericSummary } from '../../src/stats/summaries/numeric-summary.js';

const VALUES = [2.5, -1, 0, 1e-9, 2.5, 1234.5678, null, Number.NaN, 7];
const SCORES = [0.9, 0.1, 0.55, 0.3, 0.7, 0.02];
const ACTUALS = [true, false, true, true, false, false];

function numeric(options: { exactLimit?: number } = {}): NumericSummary {
  const summary = new NumericSummary(options);
  for (const v of VALUES) summary.add(v);
  return summary;
}

function categorical(): CategoricalSummary {
  // Cap 3: 'zeta' is pushed into __other__ when the summary is trimmed for encoding.
  const summary = new CategoricalSummary(3);
  for (const v of ['b', 'a', 'é', 'b', null, 'zeta', 'a', 'b', '__other__', 'é']) summary.add(v);
  return summary;
}

function binary(): BinarySummary {
  const summary = new BinarySummary();
  SCORES.forEach((score, i) => summary.add(ACTUALS[i]!, score >= 0.5, score));
  return summary.add(true, false).add(false, false, null);
}

function multiclass(): MulticlassSummary {
  const summary = new MulticlassSummary(['cat', 'dog']);
  const pairs = [
    ['cat', 'cat'],
    ['dog', 'cat'],
    ['bird', 'dog'],
    ['dog', 'dog'],
  ] as const;
  for (const [actual, predicted] of pairs) summary.add(actual, predicted);
  return summary.add('cat', 'cat', 3);
}

function regression(): RegressionSummary {
  const summary = new RegressionSummary();
  const pairs = [
    [3, 2.5],
    [-0.5, 0],
    [2, 2],
    [7, 8],
    [2020, 2019.75],
  ] as const;
  for (const [actual, predicted] of pairs) summary.add(actual, predicted);
  return summary;
}

function cbpe(): CbpeSummary {
  const summary = new CbpeSummary();
  SCORES.forEach((score) => summary.add(score, score >= 0.5));
  return summary.add(0.9, true);
}

/** Name → the bytes of that summary as it is stored. */
export function encodedSamples(): Record<string, Uint8Array> {
  return {
    'numeric (exact sketch)': encodeNumericSummary(numeric()),
    'numeric (digest sketch)': encodeNumericSummary(numeric({ exactLimit: 2 })),
    'numeric (empty)': encodeNumericSummary(new NumericSummary()),
    categorical: encodeCategoricalSummary(categorical()),
    binary: binary().toBytes(),
    multiclass: multiclass().toBytes(),
    regression: regression().toBytes(),
    cbpe: cbpe().toBytes(),
  };
}
