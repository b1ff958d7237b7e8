import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { mergeRows } from '../../../src/stats/core/merge-rows.js';
import { createTileFolder } from '../../../src/modules/tiles/tile-folder.js';
import type { BinarySummary } from '../../../src/stats/performance/index.js';
import type { CbpeSummary } from '../../../src/stats/cbpe/index.js';
import type { CategoricalSummary } from '../../../src/stats/summaries/categorical-summary.js';
import type { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';
import type { ValueSum } from '../../../src/stats/summaries/value-sum.js';

// How stored events become tile summaries (src/modules/tiles/tile-folder.ts). Expected values are
// counted by hand from the few events below.

const spec = modelSpecSchema.parse({
  name: 'm',
  task: 'binary_classification',
  features: [
    { name: 'x', type: 'numerical' },
    { name: 'c', type: 'categorical' },
  ],
  positiveClass: 1,
});
const T0 = Date.UTC(2025, 0, 6, 10);

const event = (
  id: string,
  tsMs: number,
  x: unknown,
  c: unknown,
  prediction: unknown,
  score: number | null,
) => ({
  predictionId: id,
  tsMs,
  features: { x, c },
  prediction,
  score,
  scores: null,
});

describe('createTileFolder', () => {
  it('splits events by epoch-aligned bucket and folds every feature, the prediction and the score', () => {
    const folder = createTileFolder(spec, 60);
    folder.addPrediction(event('a', T0 + 1_000, 1.5, 'NL', 1, 0.9));
    folder.addPrediction(event('b', T0 + 59_999, 'oops', 7, '1', 0.2));
    folder.addPrediction(event('c', T0 + 60_000, null, true, 0, null));
    const rows = folder.rows();
    expect(new Set(rows.map((r) => r.bucketMs))).toEqual(new Set([T0, T0 + 60_000]));

    const first = mergeRows(rows.filter((r) => r.bucketMs === T0));
    expect(first.get('events')).toEqual({ n: 2, summary: null });
    // A value of the wrong type counts as missing; labels are compared as strings.
    expect(first.get('numerical:feature:x')!.summary).toMatchObject({ count: 1, nulls: 1, sum: 1.5 });
    expect((first.get('categorical:feature:c')!.summary as CategoricalSummary).entries()).toEqual([
      ['7', 1],
      ['NL', 1],
    ]);
    expect((first.get('categorical:prediction')!.summary as CategoricalSummary).entries()).toEqual([
      ['1', 2],
    ]);
    expect((first.get('numerical:score')!.summary as NumericSummary).count).toBe(2);
    expect((first.get('cbpe')!.summary as CbpeSummary).predictions).toBe(2);

    const second = mergeRows(rows.filter((r) => r.bucketMs === T0 + 60_000));
    expect(second.get('numerical:score')!.summary).toMatchObject({ count: 0, nulls: 1 });
    expect(second.has('cbpe')).toBe(false);
    expect((second.get('categorical:feature:c')!.summary as CategoricalSummary).entries()).toEqual([
      ['true', 1],
    ]);
  });

  it('puts a labelled pair in its prediction bucket, positive when the label equals positiveClass as a string', () => {
    const folder = createTileFolder(spec, 60);
    expect(folder.addPair({ ...event('a', T0 + 61_000, 1, 'NL', 1, 0.8), actual: '1', value: null })).toBe(
      true,
    );
    expect(folder.addPair({ ...event('b', T0 + 62_000, 1, 'NL', 0, 0.3), actual: 1, value: null })).toBe(
      true,
    );
    const rows = folder.rows();
    expect(rows.map((r) => [r.bucketMs, r.key, r.n])).toEqual([[T0 + 60_000, 'binary', 2]]);
    const summary = mergeRows(rows).get('binary')!.summary as BinarySummary;
    expect(summary.confusion).toEqual({ tp: 1, fp: 0, fn: 1, tn: 0 });
    expect(summary.scored).toBe(2);
  });

  it('leaves out a regression pair whose target is not a number', () => {
    const regression = modelSpecSchema.parse({
      name: 'r',
      task: 'regression',
      features: [{ name: 'x', type: 'numerical' }],
    });
    const folder = createTileFolder(regression, 60);
    expect(folder.addPair({ ...event('a', T0, 1, null, 3.5, null), actual: 'n/a', value: null })).toBe(false);
    expect(folder.addPair({ ...event('b', T0, 1, null, 3.5, null), actual: 3, value: null })).toBe(true);
    expect(folder.rows().map((r) => [r.key, r.n])).toEqual([['regression', 1]]);
  });

  it("sums outcomes' values per prediction bucket, counting only the pairs that carry one", () => {
    const folder = createTileFolder(spec, 60);
    folder.addPair({ ...event('a', T0 + 1_000, 1, 'NL', 1, 0.8), actual: 1, value: 12.5 });
    folder.addPair({ ...event('b', T0 + 2_000, 1, 'NL', 0, 0.3), actual: 0, value: -2 });
    folder.addPair({ ...event('c', T0 + 3_000, 1, 'NL', 0, 0.3), actual: 0, value: null });
    folder.addPair({ ...event('d', T0 + 61_000, 1, 'NL', 1, 0.9), actual: 1, value: 4 });
    const rows = folder.rows().filter((r) => r.key === 'value');
    expect(rows.map((r) => [r.bucketMs, r.n])).toEqual([
      [T0, 2],
      [T0 + 60_000, 1],
    ]);
    const first = mergeRows(rows.filter((r) => r.bucketMs === T0)).get('value')!.summary as ValueSum;
    expect([first.count, first.sum]).toEqual([2, 10.5]); // 12.5 + (-2), by hand
    const all = mergeRows(rows).get('value')!.summary as ValueSum;
    expect([all.count, all.sum]).toEqual([3, 14.5]);
  });
});
