// The summary core (src/stats/core): what events and labelled pairs fold into, its tile rows, and
// how they decode under a spec. Expected values are counted by hand from the few events below.
import { describe, expect, it } from 'vitest';
import { modelSpecSchema, type ModelSpecInput } from '../../../../src/domain/model-spec.js';
import { readEvent, readPair } from '../../../../src/stats/core/read.js';
import { TrafficSummary } from '../../../../src/stats/core/traffic-summary.js';
import type { BinarySummary, MulticlassSummary } from '../../../../src/stats/performance/index.js';
import { CategoricalSummary } from '../../../../src/stats/summaries/categorical-summary.js';
import { NumericSummary } from '../../../../src/stats/summaries/numeric-summary.js';

const binary = modelSpecSchema.parse({
  name: 'b',
  task: 'binary_classification',
  positiveClass: 1,
  decisionThreshold: 0.5,
  features: [
    { name: 'x', type: 'numerical' },
    { name: 'y', type: 'numerical' },
    { name: 'c', type: 'categorical' },
  ],
});

const stored = (x: unknown, y: unknown, c: unknown, prediction: unknown, score: number | null) => ({
  features: { x, y, c },
  prediction,
  score,
  scores: null,
});

/** Three events and two pairs of the binary model, one summary. */
function sample(): TrafficSummary {
  const t = TrafficSummary.empty(binary);
  t.foldEvent(readEvent(binary, stored(1, 2, 'NL', 1, 0.9)));
  t.foldEvent(readEvent(binary, stored('oops', 4, 7, '0', 0.2)));
  t.foldEvent(readEvent(binary, stored(3, null, null, 1, null)));
  t.foldPair(readPair(binary, { prediction: 1, score: 0.9, scores: null, actual: '1', value: 12.5 }));
  t.foldPair(readPair(binary, { prediction: 0, score: 0.2, scores: null, actual: 1, value: null }));
  return t;
}

const spec = (input: Partial<ModelSpecInput>) => modelSpecSchema.parse({ ...binary, ...input });

describe('TrafficSummary fold', () => {
  it('counts events, pairs and valued pairs apart; a value of the wrong type is missing', () => {
    const t = sample();
    expect([t.events, t.pairs, t.valued, t.rejected]).toEqual([3, 2, 1, 0]);
    expect(t.features[0]).toMatchObject({ count: 2, nulls: 1, sum: 4 }); // 'oops' is missing
    expect((t.features[2] as CategoricalSummary).entries()).toEqual([
      ['7', 1], // a number where a category is expected reads as its string
      ['NL', 1],
    ]);
    expect(t.score).toMatchObject({ count: 2, nulls: 1 });
    expect(t.cbpe!.predictions).toBe(2);
    expect(t.comoments.rows).toBe(3);
    expect([t.value.count, t.value.sum]).toEqual([1, 12.5]);
    // Labels compare as strings: '1' and 1 are the positive class.
    expect((t.performance as BinarySummary).confusion).toEqual({ tp: 1, fp: 0, fn: 1, tn: 0 });
  });

  it('reads a binary score from scores[positiveClass], and a missing prediction from the threshold', () => {
    const t = TrafficSummary.empty(binary);
    t.foldEvent(readEvent(binary, { features: {}, prediction: null, score: null, scores: { '1': 0.7 } }));
    t.foldEvent(readEvent(binary, { features: {}, prediction: null, score: 0.3, scores: null }));
    t.foldEvent(readEvent(binary, { features: {}, prediction: null, score: 1.5, scores: null }));
    expect(t.score).toMatchObject({ count: 2, nulls: 1, sum: 1 }); // 1.5 is not a probability
    expect((t.prediction as CategoricalSummary).entries()).toEqual([
      ['1', 1],
      ['not 1', 1],
    ]);
    expect(t.prediction.count).toBe(2); // no prediction, no score: none
  });

  it('rejects a row missing a required feature, and never a stored event', () => {
    const strict = spec({
      features: [
        { name: 'x', type: 'numerical', nullable: false },
        { name: 'y', type: 'numerical' },
        { name: 'c', type: 'categorical' },
      ],
    });
    const t = TrafficSummary.empty(strict);
    t.foldEvent(readEvent(strict, { features: [null, 1, 'a'], prediction: '1', score: null, scores: null }));
    t.foldEvent(readEvent(strict, stored(null, 1, 'a', 1, null)));
    expect([t.events, t.rejected]).toEqual([1, 1]);
  });

  it('skips a pair whose target has the wrong type, but counts its value', () => {
    const multiclass = modelSpecSchema.parse({
      name: 'm',
      task: 'multiclass_classification',
      classes: ['a', 'b'],
      features: [{ name: 'x', type: 'numerical' }],
    });
    const t = TrafficSummary.empty(multiclass);
    expect(t.foldPair(readPair(multiclass, { prediction: 'a', score: null, scores: null, actual: {} }))).toBe(
      false,
    );
    expect(
      t.foldPair(readPair(multiclass, { prediction: 'a', score: null, scores: null, actual: 'b' })),
    ).toBe(true);
    t.foldPair(readPair(multiclass, { prediction: 'b', score: null, scores: null, actual: null, value: 3 }));
    expect([t.pairs, t.valued]).toEqual([1, 1]);
    expect((t.performance as MulticlassSummary).labelled).toBe(1);
  });
});

describe('TrafficSummary encode and decode', () => {
  it("writes today's tile keys, each n what its part counts", () => {
    const rows = sample().encode();
    expect(rows.map((r) => [r.key, r.n])).toEqual([
      ['events', 3],
      ['numerical:feature:x', 3],
      ['numerical:feature:y', 3],
      ['categorical:feature:c', 3],
      ['comoments', 3],
      ['categorical:prediction', 3],
      ['numerical:score', 3],
      ['cbpe', 3],
      ['value', 1],
      ['binary', 2],
    ]);
    expect(rows[0]!.bytes).toBeNull();
  });

  it('round-trips: decoded rows hold what was folded, and merge as folding the events together does', () => {
    const [a, b] = [sample(), sample()];
    const decoded = TrafficSummary.decode(binary, [...a.encode(), ...b.encode()]);
    const together = sample().merge(sample());
    expect([decoded.events, decoded.pairs, decoded.valued]).toEqual([6, 4, 2]);
    expect(decoded.features[0]).toMatchObject({ count: 4, nulls: 2, sum: 8 });
    expect((decoded.performance as BinarySummary).confusion).toEqual({ tp: 2, fp: 0, fn: 2, tn: 0 });
    expect(decoded.encode()).toEqual(together.encode());
  });

  it('drops a part the spec lost, leaves empty a part the rows lack and a feature whose type changed', () => {
    const later = spec({
      features: [
        { name: 'y', type: 'numerical' }, // x is gone
        { name: 'c', type: 'numerical' }, // c was categorical
        { name: 'z', type: 'categorical' }, // z is new
      ],
    });
    const t = TrafficSummary.decode(later, sample().encode());
    expect(t.features[0]).toMatchObject({ count: 2, nulls: 1, sum: 6 });
    expect(t.features[1]).toBeInstanceOf(NumericSummary);
    expect(t.features[1]).toMatchObject({ count: 0, nulls: 0 });
    expect(t.features[2]).toBeInstanceOf(CategoricalSummary);
    expect(t.features[2]!.count).toBe(0);
    expect(t.feature('x')).toBeNull();
    expect(t.encode().map((r) => r.key)).not.toContain('numerical:feature:x');
  });

  it('leaves a part empty when only some keys were read', () => {
    const rows = sample()
      .encode()
      .filter((r) => r.key === 'events' || r.key === 'value');
    const t = TrafficSummary.decode(binary, rows);
    expect([t.events, t.valued, t.pairs]).toEqual([3, 1, 0]);
    expect(t.features[0]!.count).toBe(0);
    expect((t.performance as BinarySummary).labelled).toBe(0);
  });
});
