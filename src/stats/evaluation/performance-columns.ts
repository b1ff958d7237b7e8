import { isPositive } from '../core/event-values.js';
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
import type { PerformanceColumn } from './columns.js';

/** What an evaluation asks of a performance column, raw or summarised. */
export interface PerformanceResults extends PerformanceColumn {
  /** Realized performance over the labelled predictions; null without any. */
  realized(predictions: number): RealizedPerformance | null;
  /** CBPE's estimate over every scored prediction (binary models); null otherwise. */
  estimated(calibration: CbpeCalibration | null): EstimatedPerformance | null;
}

/** Binary models ask of a label only whether it is the positive class (`1` and `"1"` alike). */
function positive(spec: ModelSpec): (label: string | number) => boolean {
  return (label) => isPositive(spec, label);
}

/** Keeps every pair: ROC AUC from exact ranks, CBPE from every score. */
export class RawPerformance implements PerformanceResults {
  readonly actual: (string | number)[] = [];
  readonly predicted: (string | number)[] = [];
  readonly labelledScores: (number | null)[] = [];
  /** Binary models: every scored prediction, labelled or not, for CBPE. */
  readonly scores: number[] = [];
  readonly scoredDecisions: boolean[] = [];
  private readonly isPositive: (label: string | number) => boolean;

  constructor(private readonly spec: ModelSpec) {
    this.isPositive = positive(spec);
  }

  add(predicted: string | number, actual: string | number | null, score: number | null): void {
    if (score !== null) {
      this.scores.push(score);
      this.scoredDecisions.push(this.isPositive(predicted));
    }
    if (actual === null) return;
    this.actual.push(actual);
    this.predicted.push(predicted);
    this.labelledScores.push(score);
  }

  realized(predictions: number): RealizedPerformance | null {
    const labelled = this.actual.length;
    if (labelled === 0) return null;
    const coverage = predictions > 0 ? labelled / predictions : null;
    const spec = this.spec;
    if (spec.task === 'regression') {
      const metrics = regressionMetrics(this.actual as number[], this.predicted as number[]);
      return { task: spec.task, labelled, coverage, metrics };
    }
    if (spec.task === 'multiclass_classification') {
      const metrics = multiclassMetrics(this.actual.map(String), this.predicted.map(String));
      return { task: spec.task, labelled, coverage, metrics };
    }
    // Score metrics over the scored pairs (a file may score only some), as the summaries.
    const metrics = binaryMetrics({
      actual: this.actual.map(this.isPositive),
      predicted: this.predicted.map(this.isPositive),
      scores: this.labelledScores,
    });
    return { task: spec.task, labelled, coverage, metrics };
  }

  estimated(calibration: CbpeCalibration | null): EstimatedPerformance | null {
    if (calibration === null || this.scores.length === 0) return null;
    return estimateCbpe(calibration, this.scores, this.scoredDecisions);
  }

  /** CBPE's calibration fitted on these pairs as a reference; null without labelled scores. */
  fitCbpe(): CbpeCalibration | null {
    if (this.spec.task !== 'binary_classification') return null;
    const scored = this.labelledScores.flatMap((s, i) => (s === null ? [] : [i]));
    if (scored.length === 0) return null;
    return fitCbpe(
      scored.map((i) => this.labelledScores[i]!),
      scored.map((i) => this.isPositive(this.actual[i]!)),
    ).calibration;
  }
}

/** Tile summaries: score histograms, confusion counts and error sums (src/stats/performance). */
export class SummaryPerformance implements PerformanceResults {
  readonly summary: BinarySummary | MulticlassSummary | RegressionSummary;
  readonly cbpe: CbpeSummary | null;
  private readonly isPositive: (label: string | number) => boolean;

  constructor(spec: ModelSpec) {
    this.isPositive = positive(spec);
    this.summary =
      spec.task === 'binary_classification'
        ? new BinarySummary()
        : spec.task === 'multiclass_classification'
          ? new MulticlassSummary(spec.classes.map(String))
          : new RegressionSummary();
    this.cbpe = spec.task === 'binary_classification' ? new CbpeSummary() : null;
  }

  add(predicted: string | number, actual: string | number | null, score: number | null): void {
    if (score !== null) this.cbpe?.add(score, this.isPositive(predicted));
    if (actual === null) return;
    const summary = this.summary;
    if (summary instanceof BinarySummary)
      summary.add(this.isPositive(actual), this.isPositive(predicted), score);
    else if (summary instanceof MulticlassSummary) summary.add(String(actual), String(predicted));
    else summary.add(actual as number, predicted as number);
  }

  merge(other: SummaryPerformance): void {
    const [a, b] = [this.summary, other.summary];
    if (a instanceof BinarySummary && b instanceof BinarySummary) a.merge(b);
    else if (a instanceof MulticlassSummary && b instanceof MulticlassSummary) a.merge(b);
    else if (a instanceof RegressionSummary && b instanceof RegressionSummary) a.merge(b);
    else throw new TypeError('performance summaries of different tasks');
    if (this.cbpe !== null && other.cbpe !== null) this.cbpe.merge(other.cbpe);
  }

  realized(predictions: number): RealizedPerformance | null {
    return this.summary.labelled === 0 ? null : realizedPerformance(this.summary, predictions);
  }

  estimated(calibration: CbpeCalibration | null): EstimatedPerformance | null {
    if (calibration === null || this.cbpe === null || this.cbpe.predictions === 0) return null;
    return this.cbpe.estimate(calibration);
  }
}
