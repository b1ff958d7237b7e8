/**
 * Data quality on a case small enough to check by hand; each expected share is derived in
 * the comment above it. Both paths (raw values and summaries) must give exactly these.
 */
import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { evaluateFromValues } from '../../../src/stats/evaluation/raw-backend.js';
import { rawParts } from '../../../src/stats/evaluation/raw-parts.js';
import type { TypedRow } from '../../../src/stats/core/typed-row.js';
import {
  evaluateFromSummaries,
  referenceFromSummaries,
} from '../../../src/stats/evaluation/summary-backend.js';
import { estimateOutOfRange } from '../../../src/stats/quality/quality.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import { weightAtOrBelow, weightBelow } from '../../../src/stats/summaries/weighted-view.js';
import { emptyTraffic, foldEventRow } from '../../../src/stats/core/traffic.js';
import { TrafficSummary } from '../../../src/stats/core/traffic-summary.js';

const spec = modelSpecSchema.parse({
  name: 'quality',
  task: 'regression',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'city', type: 'categorical' },
    { name: 'id', type: 'categorical', nullable: false },
  ],
});

const row = (age: number | null, city: string | null, id: string | null = 'x'): TypedRow => ({
  features: [age, city, id],
  prediction: null,
  score: null,
  scores: null,
  actual: null,
});

// Reference: age in [1, 5]; cities a and b.
const reference = [row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, null), row(5, 'a')];
// Window: 8 rows, of which the last lacks the required "id" and is rejected, leaving 7.
const window = [
  row(0, 'a'),
  row(3, 'c'),
  row(6, 'c'),
  row(null, null),
  row(4, 'd'),
  row(5, 'b'),
  row(1, null),
  row(2, 'a', null),
];

function fold<T extends Parameters<typeof foldEventRow>[1]>(columns: T, rows: TypedRow[]): T {
  rows.forEach((r) => foldEventRow(spec, columns, r));
  return columns;
}

function bothPaths() {
  const raw = evaluateFromValues(
    spec,
    fold(emptyTraffic(spec, rawParts), reference),
    fold(emptyTraffic(spec, rawParts), window),
  );
  const fixed = referenceFromSummaries(spec, fold(TrafficSummary.empty(spec), reference), null);
  const summaries = evaluateFromSummaries(spec, fixed, fold(TrafficSummary.empty(spec), window));
  return [raw.quality, summaries.quality] as const;
}

describe('data quality, hand-checked', () => {
  it.each(['values', 'summaries'] as const)('from %s', (path) => {
    const quality = bothPaths()[path === 'values' ? 0 : 1];
    // 8 rows, one rejected (id missing, and id is not nullable).
    expect([quality.rows, quality.rejected]).toEqual([7, 1]);
    const [age, city, id] = quality.features;
    // age: 7 rows, 1 missing → 1/7; present 0, 3, 6, 4, 5, 1: 0 < 1 and 6 > 5 are outside [1, 5] → 2/6.
    expect(age).toMatchObject({ rows: 7, missing: 1, unseenCategoryShare: null, approximate: false });
    expect(age!.missingShare).toBe(1 / 7);
    expect(age!.outOfRangeShare).toBe(2 / 6);
    // city: 7 rows, 2 missing → 2/7; present a, c, c, d, b: c, c, d are not in the reference → 3/5.
    expect(city).toMatchObject({ rows: 7, missing: 2, outOfRangeShare: null });
    expect(city!.missingShare).toBe(2 / 7);
    expect(city!.unseenCategoryShare).toBe(3 / 5);
    // id: always "x", as in the reference.
    expect(id).toMatchObject({ missing: 0, missingShare: 0, unseenCategoryShare: 0 });
  });

  it('unseen categories are exact from raw counts and flagged approximate once a summary caps them', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row(1, `c${i}`));
    // Reference: c0 … c9; window: c0 … c299, once each, so 290 of 300 are unseen.
    const raw = evaluateFromValues(
      spec,
      fold(emptyTraffic(spec, rawParts), rows(10)),
      fold(emptyTraffic(spec, rawParts), rows(300)),
    ).quality.features[1]!;
    expect(raw).toMatchObject({ unseenCategoryShare: 290 / 300, approximate: false });
    // The window's summary keeps 100 named categories and folds 200 into __other__.
    const fixed = referenceFromSummaries(spec, fold(TrafficSummary.empty(spec), rows(10)), null);
    const summarised = evaluateFromSummaries(spec, fixed, fold(TrafficSummary.empty(spec), rows(300))).quality
      .features[1]!;
    expect(summarised.approximate).toBe(true);
    expect(summarised.unseenCategoryShare).toBeGreaterThanOrEqual(290 / 300);
  });

  it('out of range from a compacted sketch is flagged approximate and stays close', () => {
    // 5,000 distinct values 0.0 … 499.9 switch the sketch from exact counts to its digest.
    const values = Array.from({ length: 5000 }, (_, i) => i / 10);
    const summary = new NumericSummary();
    values.forEach((v) => summary.add(v));
    expect(summary.sketch.isExact).toBe(false);
    const view = summary.sketch.view();
    const range = { min: 50, max: 400 };
    // Exactly: 0.0 … 49.9 (500 values) below 50, 400.1 … 499.9 (999 values) above 400.
    const exact = values.filter((v) => v < range.min || v > range.max).length;
    expect(exact).toBe(1499);
    const estimate = estimateOutOfRange(
      {
        count: summary.count,
        min: summary.min,
        max: summary.max,
        countBelow: (x) => weightBelow(view, x),
        countAtOrBelow: (x) => weightAtOrBelow(view, x),
        exact: false,
      },
      range,
    );
    expect(estimate.approximate).toBe(true);
    expect(Math.abs(estimate.count - exact) / values.length).toBeLessThanOrEqual(0.005);
    // Within the window's exact min and max nothing is outside, and that needs no sketch.
    const inside = estimateOutOfRange(
      { count: 10, min: 60, max: 70, countBelow: () => NaN, countAtOrBelow: () => NaN, exact: false },
      range,
    );
    expect(inside).toEqual({ count: 0, approximate: false });
  });
});
