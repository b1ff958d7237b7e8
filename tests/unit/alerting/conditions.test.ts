// What each condition reads from an evaluation, and how a value reads against a threshold.
import { describe, expect, it } from 'vitest';
import { observe, read } from '../../../src/modules/alerting/rules/conditions.js';
import { evaluationSnapshotSchema } from '../../../src/modules/alerting/engine/evaluation-snapshot.js';
import { conditionSchema, type Condition } from '../../../src/modules/alerting/rules/rules.schemas.js';
import { snapshot } from '../../helpers/evaluation-snapshot.js';

const base = evaluationSnapshotSchema.parse(
  snapshot({
    status: 'drifting',
    datasetDriftShare: 0.5,
    features: [
      { name: 'age', drifted: true, score: 0.31, method: 'wasserstein' },
      { name: 'income', drifted: null, score: null, method: 'ks' },
    ],
    volume: { events: 250, expected: 1000 },
  }),
);
const values = (c: unknown, s = base) => observe(conditionSchema.parse(c) as Condition, s);

describe('observe', () => {
  it('feature drift: one value per feature, the verdict as 1/0 or the score; null for insufficient data', () => {
    expect(values({ kind: 'feature_drift' })).toEqual([
      { feature: 'age', value: 1 },
      { feature: 'income', value: null },
    ]);
    expect(values({ kind: 'feature_drift', measure: 'score', features: ['age'] })).toEqual([
      { feature: 'age', value: 0.31 },
    ]);
  });

  it("a rule's own alarm budget re-judges each verdict at its level (docs/statistics.md#alarm-budget)", () => {
    const judged = evaluationSnapshotSchema.parse(
      snapshot({
        windowSeconds: 3600,
        features: [
          {
            name: 'a',
            drifted: false,
            score: 0.2,
            method: 'wasserstein',
            practical: true,
            noisePValue: 0.001,
          },
          {
            name: 'b',
            drifted: false,
            score: 0.05,
            method: 'wasserstein',
            practical: false,
            noisePValue: 0.001,
          },
          { name: 'c', drifted: true, score: 0.9, method: 'wasserstein', practical: true, noisePValue: 1e-9 },
        ],
      }),
    );
    const rule = conditionSchema.parse({ kind: 'feature_drift' }) as Condition;
    // 3 features × 720 hours a month: 10 false alerts a month test each at 10 / 2160 = 0.00463.
    expect(observe(rule, judged, { alarmBudget: 10, intervalSeconds: 60 }).map((o) => o.value)).toEqual([
      1, 0, 1,
    ]);
    // 1 a month: 1 / 2160 = 0.000463 < 0.001, so only c.
    expect(observe(rule, judged, { alarmBudget: 1, intervalSeconds: 60 }).map((o) => o.value)).toEqual([
      0, 0, 1,
    ]);
    // Without a budget of its own, the verdicts as evaluated.
    expect(observe(rule, judged).map((o) => o.value)).toEqual([0, 0, 1]);
  });

  it('dataset drift share, prediction drift, label coverage: one value, no feature', () => {
    expect(values({ kind: 'dataset_drift_share' })).toEqual([{ feature: null, value: 0.5 }]);
    expect(values({ kind: 'prediction_drift', measure: 'score' })).toEqual([{ feature: null, value: 0.01 }]);
    expect(values({ kind: 'prediction_drift' })).toEqual([{ feature: null, value: 0 }]);
    expect(values({ kind: 'label_coverage' })).toEqual([{ feature: null, value: 0.4 }]);
  });

  it('multivariate drift: the verdict or the mean reconstruction error; no data without a PCA', () => {
    const joint = evaluationSnapshotSchema.parse(
      snapshot({
        windowSeconds: 3600,
        multivariateDrift: {
          drifted: true,
          score: 2.5,
          method: 'pcaReconstruction',
          practical: true,
          noisePValue: 1e-4,
        },
      }),
    );
    const rule = (measure: 'verdict' | 'score') =>
      conditionSchema.parse({ kind: 'multivariate_drift', measure }) as Condition;
    expect(observe(rule('verdict'), joint)).toEqual([{ feature: null, value: 1 }]);
    expect(observe(rule('score'), joint)).toEqual([{ feature: null, value: 2.5 }]);
    // A rule's own budget re-judges it: 1 a month over 720 hourly evaluations is 0.0014 > 1e-4.
    expect(observe(rule('verdict'), joint, { alarmBudget: 1, intervalSeconds: 3600 })[0]!.value).toBe(1);
    expect(observe(rule('verdict'), joint, { alarmBudget: 0.01, intervalSeconds: 3600 })[0]!.value).toBe(0);
    expect(values({ kind: 'multivariate_drift' })).toEqual([{ feature: null, value: null }]);
  });

  it('performance: the metric, or the drop from the reference (reference − window)', () => {
    expect(values({ kind: 'performance', source: 'realized', metric: 'rocAuc' })).toEqual([
      { feature: null, value: 0.95 },
    ]);
    const [drop] = values({
      kind: 'performance',
      source: 'estimated',
      metric: 'accuracy',
      relativeTo: 'reference',
    });
    expect(drop!.value).toBeCloseTo(0.9 - 0.88, 12);
    // A metric the evaluation lacks, or no reference, is no data.
    expect(values({ kind: 'performance', source: 'estimated', metric: 'f1' })).toEqual([
      { feature: null, value: null },
    ]);
    const noReference = { ...base, performance: { ...base.performance, reference: null } };
    expect(
      values(
        { kind: 'performance', source: 'estimated', metric: 'accuracy', relativeTo: 'reference' },
        noReference,
      ),
    ).toEqual([{ feature: null, value: null }]);
  });

  it('quality: the chosen share per feature', () => {
    expect(values({ kind: 'quality', measure: 'missing' })).toEqual([
      { feature: 'age', value: 0 },
      { feature: 'income', value: 0.02 },
    ]);
    expect(values({ kind: 'quality', measure: 'unseen_category', features: ['age'] })).toEqual([
      { feature: 'age', value: null },
    ]);
  });

  it('volume drop is 1 − events/expected; unknown or zero expectation is no data', () => {
    expect(values({ kind: 'volume_drop' })).toEqual([{ feature: null, value: 0.75 }]);
    const unknown = { ...base, volume: { events: 10, expected: null } };
    expect(values({ kind: 'volume_drop' }, unknown)).toEqual([{ feature: null, value: null }]);
  });

  it('silent model is 1 when the status is silent, 0 otherwise, no data while unknown', () => {
    expect(values({ kind: 'silent_model' })).toEqual([{ feature: null, value: 0 }]);
    expect(values({ kind: 'silent_model' }, { ...base, status: 'silent' })).toEqual([
      { feature: null, value: 1 },
    ]);
    expect(values({ kind: 'silent_model' }, { ...base, status: 'unknown' })).toEqual([
      { feature: null, value: null },
    ]);
  });
});

describe('read', () => {
  it('compares with each comparator, the threshold itself included or not', () => {
    expect(read(0.5, { comparator: '>=', threshold: 0.5 })).toBe('breach');
    expect(read(0.5, { comparator: '>', threshold: 0.5 })).toBe('ok');
    expect(read(0.5, { comparator: '<=', threshold: 0.5 })).toBe('breach');
    expect(read(0.5, { comparator: '<', threshold: 0.5 })).toBe('ok');
    expect(read(0.4, { comparator: '<', threshold: 0.5 })).toBe('breach');
  });

  it('is clear only beyond the threshold by the margin, on the safe side', () => {
    expect(read(0.46, { comparator: '>=', threshold: 0.5, margin: 0.05 })).toBe('ok');
    expect(read(0.45, { comparator: '>=', threshold: 0.5, margin: 0.05 })).toBe('clear');
    expect(read(0.84, { comparator: '<', threshold: 0.8, margin: 0.05 })).toBe('ok');
    expect(read(0.85, { comparator: '<', threshold: 0.8, margin: 0.05 })).toBe('clear');
    expect(read(0.1, { comparator: '>=', threshold: 0.5 })).toBe('ok');
  });

  it('null and non-finite values are no data', () => {
    expect(read(null, { comparator: '>', threshold: 0 })).toBe('no_data');
    expect(read(Number.NaN, { comparator: '>', threshold: 0 })).toBe('no_data');
  });
});

describe('evaluation snapshot schema', () => {
  it('refuses duplicate feature names, which would make two alerts one', () => {
    const twice = snapshot({
      features: [
        { name: 'age', drifted: true, score: 1, method: 'ks' },
        { name: 'age', drifted: false, score: 0, method: 'ks' },
      ],
    });
    expect(evaluationSnapshotSchema.safeParse(twice).success).toBe(false);
  });
});
