/**
 * The status rules of src/modules/evaluation/model-status.ts on hand-built evaluations. No
 * statistic is computed here: the inputs are the metrics and drift verdicts themselves, and the
 * expected drops are their relative differences, worked out in each case.
 */
import { describe, expect, it } from 'vitest';
import {
  headline,
  modelStatus,
  MIN_JUDGED,
  type StatusInput,
} from '../../../src/modules/evaluation/model-status.js';
import type { Evaluation } from '../../../src/stats/evaluation/evaluation.schemas.js';
import type { RealizedPerformance } from '../../../src/stats/performance/index.js';

const binaryMetrics = (accuracy: number) => ({
  accuracy,
  precision: null,
  recall: null,
  f1: null,
  rocAuc: null,
  logLoss: null,
  brier: null,
  ece: null,
});
const realized = (accuracy: number, labelled: number): RealizedPerformance => ({
  task: 'binary_classification',
  labelled,
  coverage: 1,
  metrics: binaryMetrics(accuracy),
});

function evaluation(opts: {
  drifted?: boolean;
  realized?: RealizedPerformance | null;
  estimated?: [number, number] | null;
  /** The multivariate verdict: drifted or not; absent: no PCA. */
  joint?: boolean;
}): Evaluation {
  return {
    datasetDrift: {
      share: opts.drifted ? 0.6 : 0.2,
      drifted: opts.drifted ?? false,
      threshold: 0.5,
      driftedFeatures: opts.drifted ? 3 : 1,
      evaluatedFeatures: 5,
      alpha: 1e-5,
      featureLevel: 0.01,
    },
    features: [],
    prediction: null,
    score: null,
    multivariate:
      opts.joint === undefined
        ? null
        : {
            method: 'pcaReconstruction',
            features: ['a', 'b'],
            components: 1,
            explainedVariance: 0.9,
            windowCount: 500,
            statistic: opts.joint ? 1.5 : 0.21,
            reference: 0.2,
            threshold: 0.22,
            noisePValue: opts.joint ? 1e-9 : 0.3,
            alpha: 1e-5,
            practical: opts.joint,
            drifted: opts.joint,
            status: 'ok',
          },
    quality: { rows: 0, rejected: 0, features: [] },
    performance: {
      realized: opts.realized ?? null,
      estimated: opts.estimated
        ? {
            method: 'cbpe',
            predictions: opts.estimated[1],
            calibration: 'identity',
            metrics: { accuracy: opts.estimated[0], precision: null, recall: null, f1: null, rocAuc: null },
          }
        : null,
    },
    source: { referenceRows: 1000, windowRows: 500, computedFrom: 'summaries' },
  };
}

const baseline = realized(0.9, 1000);
const input = (over: Partial<StatusInput>): StatusInput => ({
  task: 'binary_classification',
  hasReference: true,
  events: 500,
  hadRecentTraffic: true,
  evaluation: evaluation({}),
  baseline,
  performanceDrop: 0.1,
  ...over,
});
const statusOf = (over: Partial<StatusInput>) => {
  const i = input(over);
  return modelStatus(i, i.hasReference ? headline(i.task, i.evaluation, i.baseline) : null).status;
};

describe('headline', () => {
  it('judges on realized accuracy with enough labels: 0.9 → 0.72 is a 20% drop', () => {
    const h = headline(
      'binary_classification',
      evaluation({ realized: realized(0.72, MIN_JUDGED) }),
      baseline,
    );
    expect([h.metric, h.judgedOn, h.reference, h.realized]).toEqual(['accuracy', 'realized', 0.9, 0.72]);
    expect(h.drop).toBeCloseTo(0.2, 12);
  });

  it('falls back to the CBPE estimate when too few predictions are labelled', () => {
    const e = evaluation({ realized: realized(0.5, MIN_JUDGED - 1), estimated: [0.81, 400] });
    const h = headline('binary_classification', e, baseline);
    expect([h.judgedOn, h.realized, h.estimated]).toEqual(['estimated', 0.5, 0.81]);
    expect(h.drop).toBeCloseTo(0.1, 12);
  });

  it('judges nothing without enough of either', () => {
    const h = headline(
      'binary_classification',
      evaluation({ realized: realized(0.5, 10), estimated: [0.5, 10] }),
      baseline,
    );
    expect([h.judgedOn, h.drop]).toEqual([null, null]);
  });

  it('for regression, a larger MAE is worse: 2 → 2.5 is a 25% drop', () => {
    const reg = (mae: number): RealizedPerformance => ({
      task: 'regression',
      labelled: 500,
      coverage: 1,
      metrics: {
        mae,
        rmse: null,
        mape: null,
        r2: null,
        meanError: null,
        medianAbsoluteError: null,
        p90AbsoluteError: null,
      },
    });
    const h = headline('regression', evaluation({ realized: reg(2.5) }), reg(2));
    expect([h.metric, h.higherIsBetter, h.estimated]).toEqual(['mae', false, null]);
    expect(h.drop).toBeCloseTo(0.25, 12);
  });
});

describe('modelStatus', () => {
  it('unknown without a reference, whatever else holds', () => {
    expect(statusOf({ hasReference: false, events: 0, evaluation: null })).toBe('unknown');
  });

  it('silent only when traffic was expected', () => {
    expect(statusOf({ events: 0, evaluation: evaluation({}) })).toBe('silent');
    // No events and none expected: idle, and nothing to judge (issue 11: unjudged is not healthy).
    expect(statusOf({ events: 0, hadRecentTraffic: false, evaluation: evaluation({}) })).toBe(
      'insufficient_data',
    );
  });

  it('degraded beyond the allowed drop, before drifting; not at or below it', () => {
    expect(statusOf({ evaluation: evaluation({ drifted: true, realized: realized(0.72, 2000) }) })).toBe(
      'degraded',
    );
    expect(
      statusOf({ evaluation: evaluation({ realized: realized(0.81, 200) }), performanceDrop: 0.11 }),
    ).toBe('healthy');
    expect(statusOf({ evaluation: evaluation({ realized: realized(0.95, 200) }) })).toBe('healthy');
  });

  it('degraded only when the interval at the alarm budget’s level clears the allowed drop', () => {
    // 144 of 200 right (0.72) against 0.9: a 20% drop, but at alpha 1e-5 (one-sided z = 4.265)
    // Wilson's upper end is 0.83259 (SciPy 1.10: binomtest(144, 200).proportion_ci(1 - 2e-5,
    // 'wilson').high = 0.8325898756758119), a drop of only 7.5%: not beyond doubt, so the
    // dataset drift decides.
    const few = evaluation({ drifted: true, realized: realized(0.72, 200) });
    const judged = headline('binary_classification', few, baseline);
    expect(judged.drop).toBeCloseTo(0.2, 12);
    expect(judged.alpha).toBe(1e-5);
    expect(judged.dropLowerBound).toBeCloseTo((0.9 - 0.8325898756758119) / 0.9, 12);
    expect(statusOf({ evaluation: few })).toBe('drifting');
    // Without the budget (alpha 1) the point estimate decides, as before intervals.
    few.datasetDrift.alpha = 1;
    expect(statusOf({ evaluation: few })).toBe('degraded');
  });

  it('insufficient_data when no feature got a verdict and performance could not be judged, with the counts', () => {
    const small = evaluation({ realized: realized(0.95, MIN_JUDGED - 1), estimated: [0.9, MIN_JUDGED - 1] });
    small.datasetDrift = {
      share: null,
      drifted: null,
      threshold: 0.5,
      driftedFeatures: 0,
      evaluatedFeatures: 0,
      alpha: 1e-5,
      featureLevel: null,
    };
    const i = input({ events: 99, evaluation: small });
    const result = modelStatus(i, headline(i.task, i.evaluation, i.baseline));
    expect(result.status).toBe('insufficient_data');
    expect(result.reason).toBe(
      `too little to judge: 99 events, no feature of 0 had enough values for a drift verdict, ${MIN_JUDGED - 1} labelled and ${MIN_JUDGED - 1} scored predictions (${MIN_JUDGED} needed to judge performance)`,
    );
    // Either judgement is enough: performance alone (enough labels), or drift alone.
    const labelled = {
      ...small,
      performance: { ...small.performance!, realized: realized(0.95, MIN_JUDGED) },
    };
    expect(statusOf({ events: 99, evaluation: labelled })).toBe('healthy');
    const drift = {
      ...small,
      datasetDrift: { ...small.datasetDrift, share: 0, drifted: false, evaluatedFeatures: 1 },
    };
    expect(statusOf({ events: 99, evaluation: drift })).toBe('healthy');
  });

  it('drifting on dataset drift, healthy otherwise', () => {
    expect(statusOf({ evaluation: evaluation({ drifted: true }) })).toBe('drifting');
    expect(statusOf({})).toBe('healthy');
  });

  it('drifting on multivariate drift alone, saying so', () => {
    const joint = modelStatus(input({ evaluation: evaluation({ joint: true }) }), null);
    expect(joint.status).toBe('drifting');
    expect(joint.reason).toMatch(
      /joint distribution changed: mean reconstruction error 1\.500 against the reference's 0\.200/,
    );
    expect(statusOf({ evaluation: evaluation({ joint: false }) })).toBe('healthy');
  });
});
