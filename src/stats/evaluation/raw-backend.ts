import type { ModelSpec } from '../../domain/model-spec.js';
import { numericalMeasures } from '../drift/measures.js';
import { numericalProfile } from '../drift/profile.js';
import { countOutOfRange } from '../quality/quality.js';
import type { MeasureBackend } from './backend.js';
import { evaluateWindow, type EvaluationOptions } from './evaluate.js';
import type { Evaluation } from './evaluation.schemas.js';
import { RawNumerical, RawRows, type RawCategorical, type RawTraffic } from './raw-parts.js';
import { fitReconstruction, meanErrorOfRows } from '../multivariate/reconstruction.js';
import type { RowsPart } from '../core/traffic.js';
import { fitCbpeOf } from './performance-results.js';
import { buildReference } from './reference.js';

/**
 * Exact evaluation from every raw value (the definitions of docs/statistics.md, as
 * SciPy computes them). Memory: 8 bytes per present numerical value.
 */
export const rawBackend: MeasureBackend<RawNumerical, RawCategorical> = {
  computedFrom: 'values',
  present: (column) => (column instanceof RawNumerical ? column.values.length : total(column.counts)),
  missing: (column) => column.missing,
  numericalProfile(column) {
    const profile = numericalProfile(column.values);
    return { ...profile, rows: profile.rows + column.missing };
  },
  range(column) {
    if (column.values.length === 0) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const v of column.values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max };
  },
  numericalMeasures: (ref, cur, profile, method) =>
    numericalMeasures(ref.values, cur.values, profile, method),
  outOfRange: (column, range) => ({ count: countOutOfRange(column.values, range), approximate: false }),
  categoryCounts: (column) => column.counts,
  categorySequence: (column) => column.sequence,
  multivariateModel: (column) => fitReconstruction(rawRows(column).names, rawRows(column).rows),
  multivariateError(model, column) {
    const { rows } = rawRows(column);
    return { rows: rows.length, error: rows.length === 0 ? null : meanErrorOfRows(model, rows) };
  },
};

function rawRows(column: RowsPart): RawRows {
  if (!(column instanceof RawRows)) throw new TypeError('raw evaluation of non-raw rows');
  return column;
}

function total(counts: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/** The exact evaluation of a window's raw columns against a reference's raw columns. */
export function evaluateFromValues(
  spec: ModelSpec,
  reference: RawTraffic,
  window: RawTraffic,
  options: EvaluationOptions = {},
): Evaluation {
  const fitted = buildReference(spec, reference, rawBackend, fitCbpeOf(reference.performance));
  return evaluateWindow(spec, fitted, window, rawBackend, options);
}
