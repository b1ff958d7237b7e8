/**
 * The summary path (as tiles compute it) against the exact path on the same rows. The exact
 * path's numbers are SciPy's and scikit-learn's (tests/golden/report.py, drift.py and
 * performance.py check them); here the bounds are docs/statistics.md#error-bounds-from-tiles: 0.01 absolute for
 * KS D, PSI, Jensen-Shannon and Hellinger; 1% relative or 0.005 absolute for normalized
 * Wasserstein; 0.005 for ROC AUC. Counts-based results (categorical measures, missing
 * shares, confusion counts, log loss, Brier) are exact on both paths.
 */
import { describe, expect, it } from 'vitest';
import { evaluationSchema, type Evaluation } from '../../../src/stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../../src/stats/evaluation/raw-backend.js';
import { rawParts } from '../../../src/stats/evaluation/raw-parts.js';
import {
  evaluateFromSummaries,
  referenceFromSummaries,
} from '../../../src/stats/evaluation/summary-backend.js';
import type { TypedRow } from '../../../src/stats/core/typed-row.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';
import { emptyTraffic, foldEventRow } from '../../../src/stats/core/traffic.js';
import { TrafficSummary } from '../../../src/stats/core/traffic-summary.js';
import { fitCbpeOf } from '../../../src/stats/evaluation/performance-results.js';

const spec = generatedSpec();
const N = 20_000;
const referenceRows = generatedRows(N, false, 1);
const windowRows = generatedRows(N, true, 2);

function fold<T extends Parameters<typeof foldEventRow>[1]>(columns: T, rows: readonly TypedRow[]): T {
  for (const row of rows) foldEventRow(spec, columns, row);
  return columns;
}

/** The window folded as the service does: small tiles merged into one. */
function foldAsTiles(rows: readonly TypedRow[], tileSize: number): TrafficSummary {
  const window = TrafficSummary.empty(spec);
  for (let start = 0; start < rows.length; start += tileSize) {
    window.merge(fold(TrafficSummary.empty(spec), rows.slice(start, start + tileSize)));
  }
  return window;
}

const rawReference = fold(emptyTraffic(spec, rawParts), referenceRows);
const exact = evaluateFromValues(spec, rawReference, fold(emptyTraffic(spec, rawParts), windowRows));
const reference = referenceFromSummaries(
  spec,
  fold(TrafficSummary.empty(spec), referenceRows),
  fitCbpeOf(rawReference.performance),
);
const paths: [string, Evaluation][] = [
  ['one summary', evaluateFromSummaries(spec, reference, fold(TrafficSummary.empty(spec), windowRows))],
  ['tiles of 500 rows, merged', evaluateFromSummaries(spec, reference, foldAsTiles(windowRows, 500))],
];

type Measures = Record<string, number | { statistic: number; pValue: number }>;
const value = (m: Measures, key: string) => {
  const v = m[key];
  return typeof v === 'number' ? v : v!.statistic;
};

describe.each(paths)(
  'summary path (%s) within docs/statistics.md bounds of the exact path',
  (_name, sketch) => {
    it('has the shape of the evaluation schema and the same methods', () => {
      expect(evaluationSchema.parse(sketch)).toEqual(sketch);
      expect(sketch.source.computedFrom).toBe('summaries');
      expect(exact.source.computedFrom).toBe('values');
      expect(sketch.features.map((f) => f.method)).toEqual(exact.features.map((f) => f.method));
    });

    it.each(exact.features.map((f, i) => [f.name, i] as const))('%s', (_feature, i) => {
      const want = exact.features[i]!;
      const got = sketch.features[i]!;
      expect(got.status).toBe(want.status);
      if (want.measures === null) return expect(got.measures).toBeNull();
      const [w, g] = [want.measures as Measures, got.measures as Measures];
      if (want.type === 'categorical') {
        for (const key of Object.keys(w)) expect(value(g, key)).toBeCloseTo(value(w, key), 12);
        return;
      }
      for (const key of ['ks', 'psi', 'jensenShannon', 'hellinger']) {
        expect(Math.abs(value(g, key) - value(w, key)), key).toBeLessThanOrEqual(0.01);
      }
      const bound = Math.max(0.01 * Math.abs(value(w, 'wasserstein')), 0.005);
      expect(Math.abs(value(g, 'wasserstein') - value(w, 'wasserstein'))).toBeLessThanOrEqual(bound);
    });

    it('data quality: missing and unseen shares exact, out-of-range within the sketch error', () => {
      sketch.quality.features.forEach((q, i) => {
        const want = exact.quality.features[i]!;
        expect([q.rows, q.missing, q.missingShare, q.unseenCategoryShare]).toEqual([
          want.rows,
          want.missing,
          want.missingShare,
          want.unseenCategoryShare,
        ]);
        if (want.outOfRangeShare !== null)
          expect(Math.abs(q.outOfRangeShare! - want.outOfRangeShare)).toBeLessThanOrEqual(0.01);
      });
      expect([sketch.quality.rows, sketch.quality.rejected]).toEqual([
        exact.quality.rows,
        exact.quality.rejected,
      ]);
    });

    it('performance: exact sums equal, ROC AUC within 0.005, CBPE close', () => {
      const [want, got] = [exact.performance!.realized!, sketch.performance!.realized!];
      expect([got.labelled, got.coverage]).toEqual([want.labelled, want.coverage]);
      const [w, g] = [want.metrics as Record<string, number>, got.metrics as Record<string, number>];
      for (const key of ['accuracy', 'precision', 'recall', 'f1', 'logLoss', 'brier', 'ece']) {
        expect(g[key], key).toBeCloseTo(w[key]!, 9);
      }
      expect(Math.abs(g.rocAuc! - w.rocAuc!)).toBeLessThanOrEqual(0.005);
      const [we, ge] = [exact.performance!.estimated!, sketch.performance!.estimated!];
      expect(ge.predictions).toBe(we.predictions);
      expect(Math.abs(ge.metrics.rocAuc! - we.metrics.rocAuc!)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(ge.metrics.accuracy! - we.metrics.accuracy!)).toBeLessThanOrEqual(0.005);
    });
  },
);
