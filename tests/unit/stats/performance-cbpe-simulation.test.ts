import { describe, expect, it } from 'vitest';
import { errorFigures, scenarios } from '../../helpers/cbpe-simulation.js';

// CBPE against the realized metrics on simulated deployments (tests/helpers/cbpe-simulation.ts):
// 60 seeds, 5,000 labelled reference rows and 5,000 window rows each. The realized values are
// binaryMetrics() on the window's drawn labels (checked against sklearn in
// performance-metrics.test.ts); the estimate comes from the window's CBPE tile summaries.
// The bounds are set a little above the figures measured by bench/cbpe-accuracy.bench.ts and
// quoted in docs/cbpe.md; the realized metrics' own sampling spread is about 0.005.

const SEEDS = 60;
const [calibrated, overconfident, conceptDrift] = scenarios;

describe('CBPE on simulated deployments', () => {
  it('with calibrated scores under covariate shift, lands near the realized accuracy, F1 and ROC AUC', () => {
    for (const e of errorFigures(calibrated!, SEEDS).errors) {
      expect(e.meanAbsError, e.metric).toBeLessThan(0.01);
      expect(e.maxAbsError, e.metric).toBeLessThan(0.03);
    }
  });

  it('with overconfident scores, isotonic calibration brings the estimate near the realized values', () => {
    const { isotonic, errors } = errorFigures(overconfident!, SEEDS);
    expect(isotonic).toBe(SEEDS);
    for (const e of errors) {
      expect(e.meanAbsError, e.metric).toBeLessThan(0.012);
      expect(e.maxAbsError, e.metric).toBeLessThan(0.06);
    }
  });

  it('under concept drift, is far from the realized values (CBPE cannot see it)', () => {
    for (const e of errorFigures(conceptDrift!, SEEDS).errors) {
      expect(e.minAbsError, e.metric).toBeGreaterThan(0.1);
      // It keeps reporting the reference's performance, so it overestimates.
      expect(e.meanSignedError, e.metric).toBeGreaterThan(0.1);
    }
  });
});
