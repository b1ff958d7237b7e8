import type { ModelSpec } from '../../domain/model-spec.js';
import { CbpeSummary, estimateCbpe, fitCbpe, type CbpeCalibration } from '../cbpe/index.js';
import {
  binaryMetrics,
  BinarySummary,
  multiclassMetrics,
  MulticlassSummary,
  realizedPerformance,
  RegressionSummary,
  regressionMetrics,
  type EstimatedPerformance,
  type RealizedPerformance,
} from '../performance/index.js';
import type { PairsPart, ScoresPart } from '../core/traffic.js';
import { RawPairs, RawScores } from './raw-parts.js';

/**
 * Realized performance over the labelled pairs, exact (raw pairs) or from summaries; null
 * without any. `predictions` is the window's predictions, for coverage.
 */
export function realizedOf(pairs: PairsPart, predictions: number): RealizedPerformance | null {
  if (pairs instanceof RawPairs) return rawRealized(pairs, predictions);
  if (
    pairs instanceof BinarySummary ||
    pairs instanceof MulticlassSummary ||
    pairs instanceof RegressionSummary
  ) {
    return pairs.labelled === 0 ? null : realizedPerformance(pairs, predictions);
  }
  throw new TypeError('unknown labelled-pair part');
}

/** CBPE's estimate over every scored prediction (binary models); null otherwise. */
export function estimatedOf(
  scores: ScoresPart | null,
  calibration: CbpeCalibration | null,
): EstimatedPerformance | null {
  if (calibration === null || scores === null) return null;
  if (scores instanceof RawScores) {
    return scores.scores.length === 0 ? null : estimateCbpe(calibration, scores.scores, scores.decisions);
  }
  if (scores instanceof CbpeSummary) return scores.predictions === 0 ? null : scores.estimate(calibration);
  throw new TypeError('unknown scored-prediction part');
}

function rawRealized(pairs: RawPairs, predictions: number): RealizedPerformance | null {
  const labelled = pairs.actual.length;
  if (labelled === 0) return null;
  const coverage = predictions > 0 ? labelled / predictions : null;
  const spec: ModelSpec = pairs.spec;
  if (spec.task === 'regression') {
    const metrics = regressionMetrics(pairs.actual as number[], pairs.predicted as number[]);
    return { task: spec.task, labelled, coverage, metrics };
  }
  if (spec.task === 'multiclass_classification') {
    const metrics = multiclassMetrics(pairs.actual.map(String), pairs.predicted.map(String));
    return { task: spec.task, labelled, coverage, metrics };
  }
  // Score metrics over the scored pairs (a file may score only some), as the summaries.
  const metrics = binaryMetrics({
    actual: pairs.actual as boolean[],
    predicted: pairs.predicted as boolean[],
    scores: pairs.scores,
  });
  return { task: spec.task, labelled, coverage, metrics };
}

/** CBPE's calibration fitted on a reference's labelled pairs; null without labelled scores. */
export function fitCbpeOf(pairs: RawPairs): CbpeCalibration | null {
  if (pairs.spec.task !== 'binary_classification') return null;
  const scored = pairs.scores.flatMap((s, i) => (s === null ? [] : [i]));
  if (scored.length === 0) return null;
  return fitCbpe(
    scored.map((i) => pairs.scores[i]!),
    scored.map((i) => pairs.actual[i] as boolean),
  ).calibration;
}
