/**
 * Multivariate drift by data reconstruction (docs/statistics.md#multivariate-drift): a PCA fitted
 * on the standardised reference keeps the components that explain VARIANCE_SHARE of its variance;
 * a row's error is the squared distance between it and its reconstruction from those components.
 * A change in how features move together (a correlation that flips) raises the error although no
 * feature's own distribution moves. Checked against scikit-learn's SimpleImputer, StandardScaler
 * and PCA in tests/golden/multivariate.py.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { z } from 'zod';
import type { CoMoments } from './comoments.js';
import type { reconstructionModelSchema } from './multivariate.schemas.js';

/** Components kept: the fewest whose explained variance ratio passes this (NannyML's default). */
export const VARIANCE_SHARE = 0.65;
/** Reference chunks whose out-of-fold errors give the error's spread under no drift. */
export const ERROR_CHUNKS = 30;
/** A chunk needs this many rows, so the reference at least 300. */
export const ERROR_MIN_CHUNK = 10;

/**
 * The fitted model, stored with the reference: per feature the mean of its present values (a
 * missing value is taken as it) and the standard deviation (ddof 0) after that imputation (1 for a
 * constant feature); PCA's centre (the standardised reference's mean, 0 up to rounding), the axes
 * kept and the share of variance they explain; the reference's in-sample mean error; and its
 * chunks' out-of-fold mean errors (each chunk against a PCA fitted without it).
 */
export type ReconstructionModel = z.infer<typeof reconstructionModelSchema>;

interface Fit {
  centre: number[];
  components: number[][];
  explained: number;
}

/** Values of the model's features, NaN where missing. */
export type NumericRow = Float64Array;

/** Fits the model on reference rows; null with fewer than 2 features or 300 rows. */
export function fitReconstruction(
  names: readonly string[],
  rows: readonly NumericRow[],
): ReconstructionModel | null {
  const p = names.length;
  const size = Math.floor(rows.length / ERROR_CHUNKS);
  if (p < 2 || size < ERROR_MIN_CHUNK) return null;
  const { means, scales } = standardisation(p, rows);
  const z = rows.map((row) => standardise(row, means, scales));
  const total = scatter(p, z);
  const full = fitFrom(total.sum, total.cross, rows.length);
  const chunkErrors: number[] = [];
  const rowErrors: number[] = [];
  for (let c = 0; c < ERROR_CHUNKS; c++) {
    const chunk = z.slice(c * size, (c + 1) * size);
    const own = scatter(p, chunk);
    const rest = fitFrom(
      total.sum.map((s, i) => s - own.sum[i]!),
      total.cross.map((row, i) => row.map((s, j) => s - own.cross[i]![j]!)),
      rows.length - size,
    );
    const errors = chunk.map((row) => rowError(rest, row));
    rowErrors.push(...errors);
    chunkErrors.push(mean(errors));
  }
  const chunkMean = mean(chunkErrors);
  const sd = Math.sqrt(chunkErrors.reduce((s, e) => s + (e - chunkMean) ** 2, 0) / (ERROR_CHUNKS - 1));
  return {
    names: [...names],
    means,
    scales,
    ...full,
    referenceError: mean(z.map((row) => rowError(full, row))),
    chunks: { count: ERROR_CHUNKS, size, mean: chunkMean, sd },
    errorGrid: quantileGrid(rowErrors),
  };
}

/** The mean error of raw rows (the report's exact path). */
export function meanErrorOfRows(model: ReconstructionModel, rows: readonly NumericRow[]): number {
  return mean(rows.map((row) => rowError(model, standardise(row, model.means, model.scales))));
}

/**
 * The mean error of a window's rows from their co-moments, exactly: with z a standardised row
 * and P the projection on the components, mean ‖(I − P)(z − c)‖² = (tr A − Σₖ vₖᵀ A vₖ) / n
 * for A = Σ (z − c)(z − c)ᵀ, which the co-moments give about the reference's means.
 */
export function meanErrorOfCoMoments(model: ReconstructionModel, window: CoMoments): number {
  const { names, means, scales, centre } = model;
  const n = window.rows;
  const about = window.scatterAbout(names, means);
  const sums = window.sumsAbout(names, means).map((s, i) => s / scales[i]!);
  const a = about.map((row, i) =>
    row.map(
      (s, j) =>
        s / (scales[i]! * scales[j]!) -
        centre[i]! * sums[j]! -
        sums[i]! * centre[j]! +
        n * centre[i]! * centre[j]!,
    ),
  );
  let residual = a.reduce((t, row, i) => t + row[i]!, 0);
  for (const v of model.components) {
    let quadratic = 0;
    for (let i = 0; i < v.length; i++)
      for (let j = 0; j < v.length; j++) quadratic += v[i]! * a[i]![j]! * v[j]!;
    residual -= quadratic;
  }
  return residual / n;
}

function standardisation(p: number, rows: readonly NumericRow[]): { means: number[]; scales: number[] } {
  const means: number[] = [];
  const scales: number[] = [];
  for (let i = 0; i < p; i++) {
    const present = rows.map((r) => r[i]!).filter((x) => !Number.isNaN(x));
    const m = present.length === 0 ? 0 : mean(present);
    // Imputed values sit at the mean, so they add nothing to the sum of squares but count in n.
    const sd = Math.sqrt(present.reduce((s, x) => s + (x - m) ** 2, 0) / rows.length);
    means.push(m);
    scales.push(sd > 0 ? sd : 1);
  }
  return { means, scales };
}

function standardise(row: NumericRow, means: readonly number[], scales: readonly number[]): Float64Array {
  return Float64Array.from(means, (m, i) => (Number.isNaN(row[i]!) ? 0 : (row[i]! - m) / scales[i]!));
}

function scatter(p: number, rows: readonly Float64Array[]): { sum: number[]; cross: number[][] } {
  const sum = new Array<number>(p).fill(0);
  const cross = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const z of rows) {
    for (let i = 0; i < p; i++) {
      sum[i]! += z[i]!;
      for (let j = i; j < p; j++) cross[i]![j]! += z[i]! * z[j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) cross[i]![j] = cross[j]![i]!;
  return { sum, cross };
}

/** PCA from the sums of n standardised rows: the covariance's leading eigenvectors. */
function fitFrom(sum: readonly number[], cross: readonly (readonly number[])[], n: number): Fit {
  const centre = sum.map((s) => s / n);
  const covariance = new Matrix(
    cross.map((row, i) => row.map((s, j) => (s - n * centre[i]! * centre[j]!) / (n - 1))),
  );
  const eig = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix;
  const order = eig.realEigenvalues
    .map((value, index) => ({ value: Math.max(value, 0), index }))
    .sort((a, b) => b.value - a.value);
  const total = order.reduce((s, e) => s + e.value, 0);
  // As scikit-learn picks for a float n_components: the first k whose cumulative ratio exceeds it.
  let k = 0;
  let explained = 0;
  while (k < order.length && explained <= VARIANCE_SHARE) explained += order[k++]!.value / total;
  return {
    centre,
    components: order.slice(0, k).map(({ index }) => vectors.getColumn(index)),
    explained,
  };
}

/** ‖(I − P)(z − c)‖² = ‖z − c‖² − Σₖ (vₖ · (z − c))². */
function rowError(fit: Fit, z: Float64Array): number {
  const d = Array.from(z, (x, i) => x - fit.centre[i]!);
  let error = d.reduce((s, x) => s + x * x, 0);
  for (const v of fit.components) {
    const projection = v.reduce((s, x, i) => s + x * d[i]!, 0);
    error -= projection * projection;
  }
  return error;
}

/** Rows' out-of-fold errors kept as a grid: the minimum, ERROR_GRID quantiles, the maximum. */
export const ERROR_GRID = 256;

/**
 * The grid of drawn-tail.ts's gridQuantile: the minimum, the quantiles at the middle of
 * ERROR_GRID equal slices (linear between order statistics, as numpy's default), the maximum.
 */
function quantileGrid(values: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const at = (u: number) => {
    const h = (sorted.length - 1) * u;
    const i = Math.floor(h);
    return i + 1 < sorted.length ? sorted[i]! + (h - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
  };
  return [
    sorted[0]!,
    ...Array.from({ length: ERROR_GRID }, (_, k) => at((k + 0.5) / ERROR_GRID)),
    sorted.at(-1)!,
  ];
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
