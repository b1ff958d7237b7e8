// A window from tiles evaluated as the service evaluates it (evaluateFromSummaries on a
// TrafficSummary): the behaviours the removed windowColumns had, now of the core and the evaluation.
import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../../src/domain/model-spec.js';
import { readEvent, readPair } from '../../../../src/stats/core/read.js';
import { TrafficSummary } from '../../../../src/stats/core/traffic-summary.js';
import {
  evaluateFromSummaries,
  referenceFromSummaries,
} from '../../../../src/stats/evaluation/summary-backend.js';

const spec = modelSpecSchema.parse({
  name: 'w',
  task: 'binary_classification',
  positiveClass: 1,
  features: [{ name: 'a', type: 'numerical' }],
});

function traffic(events: number, pairs: number): TrafficSummary {
  const t = TrafficSummary.empty(spec);
  for (let i = 0; i < events; i++) {
    t.foldEvent(readEvent(spec, { features: { a: i }, prediction: 1, score: 0.9, scores: null }));
  }
  for (let i = 0; i < pairs; i++) {
    t.foldPair(readPair(spec, { prediction: 1, score: 0.9, scores: null, actual: 1 }));
  }
  return t;
}

describe('a window evaluated from its traffic summary', () => {
  const reference = referenceFromSummaries(spec, traffic(50, 0), null);

  it('reads coverage as labelled pairs over predictions', () => {
    const realized = evaluateFromSummaries(spec, reference, traffic(5, 3)).performance!.realized!;
    expect([realized.labelled, realized.coverage]).toEqual([3, 3 / 5]);
  });

  it('counts at least as many predictions as labelled pairs (an outcome fold ahead of its predictions)', () => {
    const realized = evaluateFromSummaries(spec, reference, traffic(2, 4)).performance!.realized!;
    expect([realized.labelled, realized.coverage]).toEqual([4, 1]);
  });
});
