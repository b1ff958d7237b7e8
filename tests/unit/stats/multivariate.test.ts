// Multivariate drift by data reconstruction (docs/statistics.md#multivariate-drift). Expected
// values: tests/golden/multivariate.json, written by tests/golden/multivariate.py (scikit-learn
// 1.2: SimpleImputer, StandardScaler, PCA(n_components=0.65), inverse_transform; numpy for the rest).
import { describe, expect, it } from 'vitest';
import { CoMoments } from '../../../src/stats/multivariate/comoments.js';
import {
  fitReconstruction,
  meanErrorOfCoMoments,
  meanErrorOfRows,
} from '../../../src/stats/multivariate/reconstruction.js';
import { errorDrawCount, meanErrorTail } from '../../../src/stats/multivariate/error-null.js';
import { multivariateVerdict } from '../../../src/stats/multivariate/verdict.js';
import { expectClose, readGolden } from '../../helpers/golden.js';

type Rows = (number | null)[][];
interface Case {
  names: string[];
  reference: Rows;
  windows: Record<string, Rows>;
  expected: {
    means: number[];
    scales: number[];
    components: number;
    explained: number;
    referenceError: number;
    chunks: { size: number; errors: number[]; mean: number; sd: number };
    windows: Record<string, number>;
    errorGrid: number[];
    null: Record<string, { n: number; percentiles: Record<string, number>; shareAtOrAbove: number }>;
  };
}
const golden = readGolden<Record<string, Case>>('multivariate.json');

function expectAllClose(actual: readonly number[], expected: readonly number[], rel: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expectClose(a, expected[i]!, rel, 1e-12, `[${i}]`));
}

const numeric = (rows: Rows) => rows.map((r) => Float64Array.from(r, (v) => v ?? Number.NaN));

/** The window folded as tiles fold it: in three pieces, each encoded, decoded and merged. */
function foldedInPieces(names: string[], rows: Rows): CoMoments {
  const pieces = [0, 1, 2].map(() => new CoMoments(names));
  rows.forEach((row, i) => pieces[i % 3]!.add(row));
  const window = CoMoments.fromBytes(pieces[0]!.toBytes());
  for (const piece of pieces.slice(1)) window.merge(CoMoments.fromBytes(piece.toBytes()));
  return window;
}

describe.each(Object.entries(golden))('%s', (_name, c) => {
  const model = fitReconstruction(c.names, numeric(c.reference))!;

  it('standardises and fits the PCA as scikit-learn does', () => {
    expectAllClose(model.means, c.expected.means, 1e-12);
    expectAllClose(model.scales, c.expected.scales, 1e-12);
    expect(model.components).toHaveLength(c.expected.components);
    expectClose(model.explained, c.expected.explained, 1e-12);
    expectClose(model.referenceError, c.expected.referenceError, 1e-10);
  });

  it('learns the band from out-of-fold chunk errors, and keeps the rows’ errors as a grid', () => {
    expect(model.chunks.size).toBe(c.expected.chunks.size);
    expectClose(model.chunks.mean, c.expected.chunks.mean, 1e-10);
    expectClose(model.chunks.sd, c.expected.chunks.sd, 1e-9);
    expectAllClose(model.errorGrid, c.expected.errorGrid, 1e-9);
  });

  it.each(Object.keys(c.windows))('window %s: the same mean error from rows and from co-moments', (w) => {
    const expected = c.expected.windows[w]!;
    expectClose(meanErrorOfRows(model, numeric(c.windows[w]!)), expected, 1e-10);
    expectClose(meanErrorOfCoMoments(model, foldedInPieces(c.names, c.windows[w]!)), expected, 1e-9);
  });
});

describe.each(Object.entries(golden))('%s: the verdict', (_name, c) => {
  const model = fitReconstruction(c.names, numeric(c.reference))!;
  // The default alarm budget's level for a model of this many features (features + 4 verdicts).
  const alpha = 1 / ((c.names.length + 4) * 9390);

  it.each(Object.keys(c.windows))('window %s: the control is noise, the changed window is not', (w) => {
    const rows = c.windows[w]!.length;
    const verdict = multivariateVerdict(model, { rows, error: c.expected.windows[w]! }, alpha);
    if (w === 'control') expect(verdict).toMatchObject({ practical: false, drifted: false });
    else expect(verdict.practical && verdict.noisePValue! < 1e-4).toBe(true);
    // The synthetic flip (200 rows) pages at the default budget's level. Breast cancer's five
    // permuted features (125 rows, error +79%) give p = 1.0e-5: beyond noise for any single test,
    // but not at 3.1e-6, the level 34 verdicts tested 9,390 times a month each get.
    if (w === 'flipped') expect(verdict.drifted).toBe(true);
    if (w === 'permuted') expect(verdict.drifted).toBe(false);
    // The control window's p-value is near numpy's share of 200,000 drawn windows (1,000 draws here).
    if (w === 'control')
      expect(Math.abs(verdict.noisePValue! - c.expected.null[w]!.shareAtOrAbove)).toBeLessThan(0.05);
  });

  it('the drawn null matches 200,000 numpy-drawn windows in its body and errs heavy in its tail', () => {
    const { n, percentiles } = c.expected.null.control!;
    // At numpy's 95th and 99th percentiles: within the sampling error of 1,000 draws.
    expect(meanErrorTail(percentiles['0.95']!, model, n)).toBeCloseTo(0.05, 1);
    expect(Math.abs(meanErrorTail(percentiles['0.99']!, model, n) - 0.01)).toBeLessThan(0.008);
    // Beyond the 90th percentile the exponential tail is no lighter than the drawn one.
    expect(meanErrorTail(percentiles['0.999']!, model, n)).toBeGreaterThanOrEqual(0.0007);
  });

  // The reference is read from the database for every evaluation: a model with the same values
  // in another object must find the draws (error-null.ts), and a different grid must not.
  it('draws the null once per grid content and size, not per model object', () => {
    const size = 777; // a size bucket no other test of this file draws
    const before = errorDrawCount.value;
    const p = meanErrorTail(2 * model.referenceError, model, size);
    expect(errorDrawCount.value).toBe(before + 1);
    const copy = structuredClone(model);
    expect(meanErrorTail(2 * model.referenceError, copy, size)).toBe(p);
    expect(errorDrawCount.value).toBe(before + 1);
    const shifted = { ...copy, errorGrid: copy.errorGrid.map((e) => e * 1.0001) };
    meanErrorTail(2 * model.referenceError, shifted, size);
    expect(errorDrawCount.value).toBe(before + 2);
  });

  it('too few rows: no verdict', () => {
    expect(multivariateVerdict(model, { rows: 99, error: 100 }, alpha)).toMatchObject({
      status: 'insufficient_data',
      drifted: null,
      statistic: null,
    });
  });
});

describe('CoMoments', () => {
  it('merges summaries of different names as if the missing ones were missing values', () => {
    const rows: Rows = [
      [1, 2, 3],
      [4, null, 6],
      [7, 8, 10],
      [2, 5, null],
    ];
    const whole = new CoMoments(['a', 'b', 'c']);
    rows.forEach((r) => whole.add(r));
    // Earlier tiles knew only a and c; later ones all three, in another order.
    const early = new CoMoments(['c', 'a']);
    early.add([3, 1]);
    early.add([6, 4]);
    const late = new CoMoments(['b', 'a', 'c']);
    late.add([8, 7, 10]);
    late.add([5, 2, null]);
    early.merge(late);
    const centres = [3, 4, 5];
    // Rows of the early tiles lack b: scatter about b's centre counts them as 0, as for a missing b.
    const names = ['a', 'b', 'c'];
    const expected = new CoMoments(names);
    [
      [1, null, 3],
      [4, null, 6],
      [7, 8, 10],
      [2, 5, null],
    ].forEach((r) => expected.add(r));
    expectAllClose(
      early.scatterAbout(names, centres).flat(),
      expected.scatterAbout(names, centres).flat(),
      1e-12,
    );
    expectAllClose(early.sumsAbout(names, centres), expected.sumsAbout(names, centres), 1e-12);
    expect(whole.scatterAbout(names, centres)[1]![1]).not.toBe(expected.scatterAbout(names, centres)[1]![1]);
  });

  it('rejects bytes it cannot trust', () => {
    const summary = new CoMoments(['a', 'b']);
    summary.add([1, 2]);
    const bytes = summary.toBytes();
    expect(() => CoMoments.fromBytes(bytes.slice(0, bytes.length - 3))).toThrow(/co-moment summary/);
    const wrongKind = bytes.slice();
    wrongKind[0] = 0;
    expect(() => CoMoments.fromBytes(wrongKind)).toThrow(/kind byte/);
  });
});
