/** A tile window as evaluation columns (src/modules/evaluation/window-source.ts windowColumns). */
import { CoMoments } from '../../../src/stats/multivariate/comoments.js';
import { ValueSum } from '../../../src/stats/summaries/value-sum.js';
import { describe, expect, it } from 'vitest';
import { windowColumns } from '../../../src/modules/evaluation/window-source.js';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import type { WindowSummary } from '../../../src/modules/tiles/window-summary.js';
import { CbpeSummary } from '../../../src/stats/cbpe/index.js';
import { BinarySummary } from '../../../src/stats/performance/index.js';
import { CategoricalSummary } from '../../../src/stats/summaries/categorical-summary.js';
import { NumericSummary } from '../../../src/stats/summaries/numeric-summary.js';

const spec = modelSpecSchema.parse({
  name: 'w',
  task: 'binary_classification',
  features: [
    { name: 'a', type: 'numerical' },
    { name: 'b', type: 'categorical' },
  ],
});

function window(predictions: number, pairs: number): WindowSummary {
  const a = new NumericSummary();
  [1, 2, 3].forEach((v) => a.add(v));
  const prediction = new CategoricalSummary();
  for (let i = 0; i < predictions; i++) prediction.add('1');
  const performance = new BinarySummary();
  for (let i = 0; i < pairs; i++) performance.add(true, true, 0.9);
  return {
    modelId: 'w',
    spec: modelSpecSchema.parse({
      ...spec,
      features: [
        { name: 'a', type: 'numerical' },
        { name: 'b', type: 'numerical' },
      ],
    }),
    from: new Date(0),
    to: new Date(60_000),
    events: predictions,
    rejected: 2,
    incomplete: [],
    multivariate: new CoMoments(['a', 'b']),
    value: new ValueSum(),
    features: [
      { name: 'a', type: 'numerical', summary: a },
      { name: 'b', type: 'numerical', summary: new NumericSummary() },
    ],
    prediction,
    score: null,
    cbpe: new CbpeSummary().add(0.9, true),
    performance,
    merged: { hourTiles: 0, fineTiles: 1, contributions: 0 },
  };
}

describe('windowColumns', () => {
  it('picks features by name and type; a feature whose type differs is empty', () => {
    const columns = windowColumns(window(5, 3), spec);
    expect((columns.features[0] as NumericSummary).count).toBe(3);
    expect(columns.features[1]).toBeInstanceOf(CategoricalSummary);
    expect((columns.features[1] as CategoricalSummary).count).toBe(0);
    expect([columns.rows, columns.rejected, columns.predictions]).toEqual([5, 2, 5]);
    expect(columns.performance.realized(columns.predictions)!.labelled).toBe(3);
    expect(columns.performance.cbpe!.predictions).toBe(1);
  });

  it('counts at least as many predictions as labelled pairs (an outcome fold ahead of its predictions)', () => {
    const columns = windowColumns(window(2, 4), spec);
    expect(columns.predictions).toBe(4);
    expect(columns.performance.realized(columns.predictions)!.coverage).toBe(1);
  });
});
