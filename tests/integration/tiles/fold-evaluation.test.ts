/**
 * A window evaluated from tiles (ingest → fold → compaction → rollup → loadWindow →
 * TrafficSummary → evaluateFromSummaries) against the exact evaluation of the same rows
 * (evaluateFromValues, the path `modelwatch report` takes, whose numbers SciPy and scikit-learn
 * check in tests/golden). Bounds are docs/statistics.md#error-bounds-from-tiles: 0.01 absolute for KS D, PSI,
 * Jensen-Shannon and Hellinger; 1% or 0.005 for normalized Wasserstein; 0.005 for ROC AUC;
 * counts-based results exact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../../src/stats/evaluation/raw-backend.js';
import { rawParts } from '../../../src/stats/evaluation/raw-parts.js';
import type { TypedRow } from '../../../src/stats/core/typed-row.js';
import {
  evaluateFromSummaries,
  referenceFromSummaries,
} from '../../../src/stats/evaluation/summary-backend.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';
import { foldEnv, HOUR, hourStart, MINUTE, spread, type FoldEnv } from '../../helpers/fold-env.js';
import { emptyTraffic, foldEventRow } from '../../../src/stats/core/traffic.js';
import { fitCbpeOf } from '../../../src/stats/evaluation/performance-results.js';

const spec = generatedSpec();
const N = 6_000;
const refStart = hourStart(4);
const winStart = hourStart(2) + 7 * MINUTE; // the window crosses an hour boundary
const reference = timed(generatedRows(N, false, 1), refStart, HOUR);
const window = timed(generatedRows(N, true, 2), winStart, HOUR);

let env: FoldEnv;
let exact: Evaluation;
let fromTiles: Evaluation;

function timed(rows: TypedRow[], from: number, span: number) {
  const times = spread(from, span, rows.length);
  return rows.map((row, i) => ({ row, id: `${from}-${i}`, timestamp: times[i]! }));
}

async function ingest(rows: ReturnType<typeof timed>, outcomesLate: boolean) {
  const events = rows.map(({ row, id, timestamp }) => ({
    predictionId: id,
    timestamp,
    features: Object.fromEntries(spec.features.map((f, i) => [f.name, row.features[i]])),
    prediction: row.prediction,
    score: row.score,
  }));
  const outcomes = rows.flatMap(({ row, id }) =>
    row.actual === null ? [] : [{ predictionId: id, actual: row.actual }],
  );
  const half = Math.floor(outcomes.length / 2);
  const post = async (kind: 'predictions' | 'outcomes', items: unknown[]) => {
    for (let i = 0; i < items.length; i += 3_000) {
      await env.fold(spec.name, kind, await env.post(spec.name, kind, items.slice(i, i + 3_000)));
    }
  };
  await post('outcomes', outcomes.slice(0, half)); // before their predictions
  await post('predictions', events);
  if (!outcomesLate) await post('outcomes', outcomes.slice(half));
  return () => post('outcomes', outcomes.slice(half));
}

const load = async (from: number, to: number) =>
  (await env.t.container.tiles.loadWindow(spec.name, new Date(from), new Date(to))).traffic;

beforeAll(async () => {
  env = await foldEnv({ models: { [spec.name]: spec } });
  await ingest(reference, false);
  const lateOutcomes = await ingest(window, true);
  await env.t.container.tileTasks.compactAll();
  // Hours rolled up: the reference (a whole hour) reads hour tiles, the window minute tiles.
  await env.t.container.tileTasks.maintain();
  await lateOutcomes(); // left as contributions: late data after the rollup

  const fold = (rows: ReturnType<typeof timed>) => {
    const columns = emptyTraffic(spec, rawParts);
    for (const { row } of rows) foldEventRow(spec, columns, row);
    return columns;
  };
  const rawReference = fold(reference);
  exact = evaluateFromValues(spec, rawReference, fold(window));
  const summaryReference = referenceFromSummaries(
    spec,
    await load(refStart, refStart + HOUR),
    fitCbpeOf(rawReference.performance),
  );
  fromTiles = evaluateFromSummaries(spec, summaryReference, await load(winStart, winStart + HOUR));
}, 120_000);

type Measures = Record<string, number | { statistic: number; pValue: number }>;
const value = (m: Measures, key: string) => {
  const v = m[key];
  return typeof v === 'number' ? v : v!.statistic;
};

describe('a window evaluated from tiles', () => {
  it('reads every row once', () => {
    expect(fromTiles.source).toEqual({ referenceRows: N, windowRows: N, computedFrom: 'summaries' });
    expect(fromTiles.quality.rows).toBe(exact.quality.rows);
  });

  it('agrees with the exact evaluation on every feature within docs/statistics.md bounds', () => {
    expect(fromTiles.features.map((f) => [f.name, f.method, f.status])).toEqual(
      exact.features.map((f) => [f.name, f.method, f.status]),
    );
    exact.features.forEach((want, i) => {
      const got = fromTiles.features[i]!;
      if (want.measures === null) return expect(got.measures).toBeNull();
      const [w, g] = [want.measures as Measures, got.measures as Measures];
      if (want.type === 'categorical') {
        for (const key of Object.keys(w))
          expect(value(g, key), `${want.name} ${key}`).toBeCloseTo(value(w, key), 12);
        return;
      }
      for (const key of ['ks', 'psi', 'jensenShannon', 'hellinger']) {
        expect(Math.abs(value(g, key) - value(w, key)), `${want.name} ${key}`).toBeLessThanOrEqual(0.01);
      }
      const bound = Math.max(0.01 * Math.abs(value(w, 'wasserstein')), 0.005);
      expect(Math.abs(value(g, 'wasserstein') - value(w, 'wasserstein')), want.name).toBeLessThanOrEqual(
        bound,
      );
    });
  });

  it('counts every labelled pair once, whenever its outcome arrived', () => {
    const [want, got] = [exact.performance!.realized!, fromTiles.performance!.realized!];
    expect([got.labelled, got.coverage]).toEqual([want.labelled, want.coverage]);
    const [w, g] = [want.metrics as Record<string, number>, got.metrics as Record<string, number>];
    for (const key of ['accuracy', 'precision', 'recall', 'f1', 'logLoss', 'brier', 'ece']) {
      expect(g[key], key).toBeCloseTo(w[key]!, 9);
    }
    expect(Math.abs(g.rocAuc! - w.rocAuc!)).toBeLessThanOrEqual(0.005);
    expect(fromTiles.performance!.estimated!.predictions).toBe(exact.performance!.estimated!.predictions);
  });
});
