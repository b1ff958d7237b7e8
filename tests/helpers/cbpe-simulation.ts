import { CbpeSummary, fitCbpe, type CbpeFit } from '../../src/stats/cbpe/index.js';
import { binaryMetrics } from '../../src/stats/performance/index.js';
import { seededRandom, sigmoid } from './random.js';

/**
 * Simulated deployments for judging CBPE. A feature x ~ Logistic(location, 1); the true
 * log-odds of the positive class are z = −0.5 + 1.5·x; the model predicts positive when
 * its score ≥ 0.5. Labels are drawn as Bernoulli(true probability).
 */
export interface Scenario {
  name: string;
  /** Location of x in the window (the reference has 0): a covariate shift when ≠ 0. */
  windowLocation: number;
  /** The model's score from the true log-odds: z ↦ sigmoid(z) is a calibrated model. */
  score: (z: number) => number;
  /** The true log-odds in the window; differs from z under concept drift. */
  windowTruth: (z: number) => number;
}

export const scenarios: Scenario[] = [
  {
    name: 'calibrated scores, covariate shift',
    windowLocation: 1,
    score: sigmoid,
    windowTruth: (z) => z,
  },
  {
    name: 'overconfident scores (isotonic calibration), covariate shift',
    windowLocation: -1,
    score: (z) => sigmoid(2.5 * z),
    windowTruth: (z) => z,
  },
  {
    name: 'calibrated scores, concept drift (the label relationship changes)',
    windowLocation: 0,
    score: sigmoid,
    windowTruth: (z) => 0.3 * z - 0.8,
  },
];

export interface Outcome {
  fit: CbpeFit;
  realized: { accuracy: number; f1: number; rocAuc: number };
  estimated: { accuracy: number; f1: number; rocAuc: number };
}

function draw(seed: number, n: number, location: number, scenario: Scenario, truth: (z: number) => number) {
  const r = seededRandom(seed);
  const scores: number[] = [];
  const actual: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const z = -0.5 + 1.5 * r.logistic(location);
    scores.push(scenario.score(z));
    actual.push(r.bernoulli(sigmoid(truth(z))));
  }
  return { scores, actual, predicted: scores.map((s) => s >= 0.5) };
}

/** Fits CBPE on a labelled reference, estimates a window from per-1,000 tiles, and compares. */
export function simulate(scenario: Scenario, seed: number, n = 5_000): Outcome {
  const reference = draw(2 * seed + 1, n, 0, scenario, (z) => z);
  const window = draw(2 * seed + 2, n, scenario.windowLocation, scenario, scenario.windowTruth);
  const fit = fitCbpe(reference.scores, reference.actual);
  const summary = new CbpeSummary();
  for (let start = 0; start < n; start += 1000) {
    const tile = new CbpeSummary();
    for (let i = start; i < Math.min(n, start + 1000); i++) tile.add(window.scores[i]!, window.predicted[i]!);
    summary.merge(CbpeSummary.fromBytes(tile.toBytes()));
  }
  const estimate = summary.estimate(fit.calibration).metrics;
  const realized = binaryMetrics(window);
  return {
    fit,
    realized: { accuracy: realized.accuracy!, f1: realized.f1!, rocAuc: realized.rocAuc! },
    estimated: { accuracy: estimate.accuracy!, f1: estimate.f1!, rocAuc: estimate.rocAuc! },
  };
}

export interface ErrorFigures {
  metric: 'accuracy' | 'f1' | 'rocAuc';
  meanAbsError: number;
  minAbsError: number;
  maxAbsError: number;
  meanSignedError: number;
  /** Spread of the realized metric itself over the seeds: the noise any estimate faces. */
  realizedStd: number;
}

/** Absolute error of the estimate against the realized value, over seeds 1..seeds. */
export function errorFigures(
  scenario: Scenario,
  seeds: number,
  n?: number,
): { isotonic: number; errors: ErrorFigures[] } {
  const outcomes = Array.from({ length: seeds }, (_, k) => simulate(scenario, k + 1, n));
  const errors = (['accuracy', 'f1', 'rocAuc'] as const).map((metric) => {
    const signed = outcomes.map((o) => o.estimated[metric] - o.realized[metric]);
    const realized = outcomes.map((o) => o.realized[metric]);
    const realizedMean = realized.reduce((s, v) => s + v, 0) / seeds;
    return {
      metric,
      meanAbsError: signed.reduce((s, e) => s + Math.abs(e), 0) / seeds,
      minAbsError: Math.min(...signed.map(Math.abs)),
      maxAbsError: Math.max(...signed.map(Math.abs)),
      meanSignedError: signed.reduce((s, e) => s + e, 0) / seeds,
      realizedStd: Math.sqrt(realized.reduce((s, v) => s + (v - realizedMean) ** 2, 0) / seeds),
    };
  });
  const isotonic = outcomes.filter((o) => o.fit.calibration.method === 'isotonic').length;
  return { isotonic, errors };
}
