import { describe, expect, it } from 'vitest';
import { daysOf, evaluationDays } from '../../../src/modules/evidence/daily.js';
import type { EvaluationRow } from '../../../src/modules/evidence/evidence.store.js';

const headline = (realized: number | null, estimated: number | null) => ({
  metric: 'accuracy' as const,
  higherIsBetter: true,
  reference: 0.9,
  realized,
  estimated,
  judgedOn: null,
  drop: null,
  dropLowerBound: null,
  alpha: null,
});
const row = (windowEnd: string, over: Partial<EvaluationRow> = {}): EvaluationRow => ({
  window: '1h',
  windowEnd: new Date(windowEnd),
  status: 'healthy',
  driftedFeatures: 0,
  headline: headline(0.8, 0.7),
  labelled: 10,
  drifted: [],
  ...over,
});
const period = { from: new Date('2026-03-01T22:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };

describe('the daily evaluation summary', () => {
  it('lists every UTC day the half-open period touches', () => {
    expect(daysOf(period)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(daysOf({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-01T00:00:01Z') })).toEqual([
      '2026-03-01',
    ]);
  });

  it('counts statuses, keeps the worst, the drifted features and the headline range per day and window', () => {
    const days = evaluationDays(
      [
        row('2026-03-01T23:00:00Z', { status: 'drifting', driftedFeatures: 2, drifted: ['b', 'a'] }),
        row('2026-03-01T23:30:00Z', { status: 'insufficient_data', driftedFeatures: null, headline: null }),
        // Unlabelled: CBPE's estimate is the headline.
        row('2026-03-02T00:00:00Z', { labelled: 0, drifted: ['a'] }),
        row('2026-03-02T01:00:00Z', { status: 'degraded', headline: headline(0.5, null) }),
      ],
      ['5m', '1h'],
      period,
    );
    expect(days.map((d) => `${d.day} ${d.window} ${d.evaluations}`)).toEqual([
      '2026-03-01 5m 0',
      '2026-03-01 1h 2',
      '2026-03-02 5m 0',
      '2026-03-02 1h 2',
      '2026-03-03 5m 0',
      '2026-03-03 1h 0',
    ]);
    const [, first, , second, , empty] = days;
    expect(first).toMatchObject({
      worstStatus: 'drifting',
      maxDriftedFeatures: 2,
      driftedFeatures: ['a', 'b'],
      headline: { metric: 'accuracy', evaluations: 1, min: 0.8, mean: 0.8, max: 0.8 },
    });
    expect(first!.byStatus).toMatchObject({ drifting: 1, insufficient_data: 1, healthy: 0 });
    expect(second).toMatchObject({
      worstStatus: 'degraded',
      headline: { min: 0.5, max: 0.7, evaluations: 2 },
    });
    expect(second!.headline!.mean).toBeCloseTo(0.6, 12);
    expect(empty).toMatchObject({
      worstStatus: null,
      maxDriftedFeatures: null,
      driftedFeatures: [],
      headline: null,
    });
  });
});
