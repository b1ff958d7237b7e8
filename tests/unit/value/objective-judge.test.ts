// Judging a value objective (src/modules/value/objective-judge.ts): what counts as met, and when
// there is too little evidence to say. Expected metrics are computed by hand from the pairs below.
import { describe, expect, it } from 'vitest';
import { judgeObjective, type ObjectiveWindow } from '../../../src/modules/value/objective-judge.js';
import { RegressionSummary } from '../../../src/stats/performance/index.js';
import { ValueSum } from '../../../src/stats/summaries/value-sum.js';

function regressionWindow(errors: number[], values: (number | null)[] = []): ObjectiveWindow {
  const performance = new RegressionSummary();
  for (const e of errors) performance.add(10, 10 + e); // actual 10 throughout, off by e
  const value = new ValueSum();
  for (const v of values) value.add(v);
  return { events: errors.length, performance, value };
}

const hundredPairs = (error: number) => Array.from({ length: 100 }, (_, i) => (i % 2 ? error : -error));

describe('judgeObjective', () => {
  it('defaults to at_most for an error metric: MAE 2 meets a target of 2.5 and fails one of 1.5', () => {
    const w = regressionWindow(hundredPairs(2)); // every |error| is 2: MAE = 2
    expect(judgeObjective({ metric: 'mae', target: 2.5, window: '1h' }, w)).toMatchObject({
      observed: 2,
      met: true,
      reason: 'mae 2 ≤ target 2.5 over the last 1h',
    });
    expect(judgeObjective({ metric: 'mae', target: 1.5, window: '1h' }, w).met).toBe(false);
    expect(judgeObjective({ metric: 'mae', target: 1.5, window: '1h', direction: 'at_least' }, w).met).toBe(
      true,
    );
  });

  it('does not judge a metric on fewer than 100 labelled predictions', () => {
    const judged = judgeObjective({ metric: 'mae', target: 2.5, window: '7d' }, regressionWindow([1, 2, 3]));
    expect(judged).toMatchObject({ observed: null, met: null, labelled: 3 });
    expect(judged.reason).toBe('3 labelled predictions over the last 7d (100 needed to judge mae)');
  });

  it('judges the value total on any outcome that carried one, and not without', () => {
    const w = regressionWindow([1], [120, null, -20.5]);
    expect(judgeObjective({ metric: 'value', target: 99.5, window: '1d' }, w)).toMatchObject({
      observed: 99.5, // 120 − 20.5
      met: true,
      valued: 2,
      valueSum: 99.5,
    });
    expect(judgeObjective({ metric: 'value', target: 0, window: '1d' }, regressionWindow([1]))).toMatchObject(
      {
        met: null,
        reason: 'no outcome carried a value over the last 1d',
      },
    );
  });

  it('does not judge a metric the outcomes leave undefined (r2 with constant actuals)', () => {
    const judged = judgeObjective(
      { metric: 'r2', target: 0.5, window: '1h' },
      regressionWindow(hundredPairs(1)),
    );
    expect(judged).toMatchObject({
      observed: null,
      met: null,
      reason: 'r2 is undefined for the outcomes over the last 1h',
    });
  });
});
