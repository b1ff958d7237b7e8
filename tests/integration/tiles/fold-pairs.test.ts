import { beforeAll, describe, expect, it } from 'vitest';
import type { BinarySummary, MulticlassSummary } from '../../../src/stats/performance/index.js';
import { RegressionSummary, regressionMetrics } from '../../../src/stats/performance/index.js';
import {
  creditEvents,
  creditOutcomes,
  foldEnv,
  hourStart,
  MINUTE,
  spread,
  type CreditEvent,
  type FoldEnv,
} from '../../helpers/fold-env.js';

// docs/architecture.md#invariants, invariant 3: an outcome is matched to its prediction whichever arrives first, and each
// matched pair counts once in performance, in the bucket of the prediction's time. Expected
// confusion counts are counted here from the events and outcomes posted.

let env: FoldEnv;

beforeAll(async () => {
  env = await foldEnv();
});

function confusion(events: readonly CreditEvent[], outcomes: ReadonlyMap<string, number>) {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const e of events) {
    const actual = outcomes.get(e.predictionId);
    if (actual === undefined) continue;
    const key = e.prediction === 1 ? (actual === 1 ? 'tp' : 'fp') : actual === 1 ? 'fn' : 'tn';
    counts[key]++;
  }
  return counts;
}

async function windowOf(modelId: string, from: number, to: number) {
  return env.t.container.tiles.loadWindow(modelId, new Date(from), new Date(to));
}

describe('outcomes and predictions in either order', () => {
  it('counts an outcome that came before its prediction and one that came after, each once', async () => {
    const from = hourStart(2) + 5 * MINUTE;
    const events = creditEvents('order', spread(from, 4 * MINUTE, 400));
    const outcomes = creditOutcomes(events);
    const early = outcomes.slice(0, 150);
    const late = outcomes.slice(150, 300);

    const earlyBatches = await env.post('credit', 'outcomes', early);
    await env.fold('credit', 'outcomes', earlyBatches); // no prediction yet: nothing to claim
    expect((await windowOf('credit', from, from + 4 * MINUTE)).traffic.performance.labelled).toBe(0);

    const predictionBatches = await env.post('credit', 'predictions', events);
    await env.fold('credit', 'predictions', predictionBatches); // claims the early outcomes
    const lateBatches = await env.post('credit', 'outcomes', late);
    await env.fold('credit', 'outcomes', lateBatches); // claims its own pairs

    // Replays, and a second outcome for predictions already labelled (the first one wins).
    await env.fold('credit', 'predictions', predictionBatches);
    await env.fold('credit', 'outcomes', [...earlyBatches, ...lateBatches]);
    const repeated = await env.post(
      'credit',
      'outcomes',
      early.slice(0, 20).map((o) => ({ ...o, actual: 1 - o.actual })),
    );
    await env.fold('credit', 'outcomes', repeated);

    const window = await windowOf('credit', from, from + 4 * MINUTE);
    const labelled = new Map([...early, ...late].map((o) => [o.predictionId, o.actual]));
    expect(window.traffic.performance.labelled).toBe(300);
    expect((window.traffic.performance as BinarySummary).confusion).toEqual(confusion(events, labelled));
    const [claims] = await env.rows<{ pairs: number }>(
      `SELECT count(*)::int AS pairs FROM labelled_pairs WHERE model_id = 'credit' AND prediction_id LIKE 'order-%'`,
    );
    expect(claims!.pairs).toBe(300);
  });

  it('puts a pair in the bucket of its prediction, not of its outcome', async () => {
    const minuteA = hourStart(2) + 20 * MINUTE;
    const events = creditEvents('bucket', [minuteA + 1_000, minuteA + MINUTE + 1_000]);
    await env.fold('credit', 'predictions', await env.post('credit', 'predictions', events));
    await env.fold('credit', 'outcomes', await env.post('credit', 'outcomes', creditOutcomes(events)));
    expect((await windowOf('credit', minuteA, minuteA + MINUTE)).traffic.performance.labelled).toBe(1);
    expect(
      (await windowOf('credit', minuteA + MINUTE, minuteA + 2 * MINUTE)).traffic.performance.labelled,
    ).toBe(1);
  });

  it('counts each pair once when the prediction fold and the outcome fold run at the same time', async () => {
    const from = hourStart(2) + 30 * MINUTE;
    let expected = 0;
    for (let round = 0; round < 12; round++) {
      const events = creditEvents(`race${round}`, spread(from + round * 1_000, 60_000, 120), round);
      const outcomes = creditOutcomes(events, round + 100);
      const [p] = await env.post('credit', 'predictions', events);
      const [o] = await env.post('credit', 'outcomes', outcomes);
      // Both committed, folded concurrently: both may see the pair, exactly one claims it.
      const folds = env.t.container.folds;
      const order = [
        folds.foldBatch({ batchId: p!, modelId: 'credit', kind: 'predictions' }),
        folds.foldBatch({ batchId: o!, modelId: 'credit', kind: 'outcomes' }),
      ];
      await Promise.all(round % 2 ? order : order.reverse());
      expected += events.length;
    }
    const window = await windowOf('credit', from, from + 2 * MINUTE);
    expect(window.traffic.performance.labelled).toBe(expected);
    expect(window.traffic.events).toBe(expected);
  });
});

describe('pairs of other tasks', () => {
  it('regression: error sums of every pair once, as from the raw pairs', async () => {
    await env.registerModel('price', {
      name: 'Price',
      task: 'regression',
      features: [{ name: 'rooms', type: 'numerical' }],
    });
    const from = hourStart(2) + 40 * MINUTE;
    const times = spread(from, 2 * MINUTE, 60);
    const events = times.map((timestamp, i) => ({
      predictionId: `p${i}`,
      timestamp,
      features: { rooms: 1 + (i % 5) },
      prediction: 100 + i * 3.5,
    }));
    const outcomes = events.map((e, i) => ({ predictionId: e.predictionId, actual: 100 + i * 3 + (i % 7) }));
    await env.fold('price', 'outcomes', await env.post('price', 'outcomes', outcomes.slice(0, 30)));
    await env.fold('price', 'predictions', await env.post('price', 'predictions', events));
    await env.fold('price', 'outcomes', await env.post('price', 'outcomes', outcomes.slice(30)));

    const window = await windowOf('price', from, from + 2 * MINUTE);
    expect(window.traffic.performance).toBeInstanceOf(RegressionSummary);
    expect(window.traffic.prediction.count).toBe(60);
    // Expected: the same metrics over the raw pairs (regressionMetrics is checked against sklearn
    // in tests/unit/stats); the tile path must only add the pairs up right.
    const metrics = regressionMetrics(
      outcomes.map((o) => o.actual),
      events.map((e) => e.prediction),
    );
    const fromTiles = (window.traffic.performance as RegressionSummary).metrics();
    for (const [name, value] of Object.entries(metrics))
      expect(fromTiles[name as keyof typeof metrics]).toBeCloseTo(value!, 9);
  });

  it('multiclass: confusion counts by class, labels compared as strings', async () => {
    await env.registerModel('species', {
      name: 'Species',
      task: 'multiclass_classification',
      features: [{ name: 'petal', type: 'numerical' }],
      classes: ['setosa', 'versicolor', 'virginica'],
    });
    const from = hourStart(2) + 45 * MINUTE;
    const classes = ['setosa', 'versicolor', 'virginica'];
    const events = spread(from, MINUTE, 30).map((timestamp, i) => ({
      predictionId: `s${i}`,
      timestamp,
      features: { petal: i / 10 },
      prediction: classes[i % 3],
    }));
    const outcomes = events.map((e, i) => ({ predictionId: e.predictionId, actual: classes[(i * 7) % 3] }));
    await env.fold('species', 'predictions', await env.post('species', 'predictions', events));
    await env.fold('species', 'outcomes', await env.post('species', 'outcomes', outcomes));
    const window = await windowOf('species', from, from + MINUTE);
    const summary = window.traffic.performance as MulticlassSummary;
    expect(summary.classes).toEqual(classes);
    for (const actual of classes) {
      for (const predicted of classes) {
        const expected = events.filter(
          (e, i) => e.prediction === predicted && outcomes[i]!.actual === actual,
        ).length;
        expect(summary.count(actual, predicted)).toBe(expected);
      }
    }
  });
});
