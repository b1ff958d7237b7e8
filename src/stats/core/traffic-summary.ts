import type { ModelSpec } from '../../domain/model-spec.js';
import { CbpeSummary } from '../cbpe/index.js';
import { CoMoments } from '../multivariate/comoments.js';
import {
  BinarySummary,
  MulticlassSummary,
  RegressionSummary,
  type PerformanceSummary,
} from '../performance/index.js';
import { CategoricalSummary } from '../summaries/categorical-summary.js';
import { NumericSummary } from '../summaries/numeric-summary.js';
import type { ValueSum } from '../summaries/value-sum.js';
import { mergeRows, type Merged } from './merge-rows.js';
import type { ReadEvent, ReadPair } from './read.js';
import {
  CBPE_KEY,
  COMOMENTS_KEY,
  EVENTS_KEY,
  SCORE_KEY,
  VALUE_KEY,
  encodeSummary,
  featureKey,
  mergeSummary,
  performanceKey,
  predictionKey,
  type AnySummary,
} from './summary-codec.js';
import { emptyTraffic, foldEvent, foldPair, type PartFactories, type Traffic } from './traffic.js';

export type FeaturePart = NumericSummary | CategoricalSummary;

/** One summary as a tile row stores it: its key, the events (or pairs) in it, its bytes. */
export interface EncodedPart {
  key: string;
  n: number;
  bytes: Uint8Array | null;
}

export function emptyPerformance(spec: ModelSpec): PerformanceSummary {
  if (spec.task === 'binary_classification') return new BinarySummary();
  if (spec.task === 'multiclass_classification') return new MulticlassSummary(spec.classes.map(String));
  return new RegressionSummary();
}

export const summaryParts: PartFactories<
  NumericSummary,
  CategoricalSummary,
  CoMoments,
  CbpeSummary,
  PerformanceSummary
> = {
  numerical: () => new NumericSummary(),
  categorical: () => new CategoricalSummary(),
  rows: (names) => new CoMoments(names),
  scores: () => new CbpeSummary(),
  pairs: emptyPerformance,
};

/**
 * Traffic as mergeable, bounded summaries: what a tile, a window, and a reference's summaries
 * hold (docs/adr/0003-summary-core.md §1). Encoded as today's tile rows, so tiles folded before
 * the core read back unchanged.
 */
export class TrafficSummary implements Traffic<
  NumericSummary,
  CategoricalSummary,
  CoMoments,
  CbpeSummary,
  PerformanceSummary
> {
  events = 0;
  rejected = 0;
  features: FeaturePart[];
  prediction: FeaturePart;
  score: NumericSummary;
  cbpe: CbpeSummary | null;
  comoments: CoMoments;
  performance: PerformanceSummary;
  pairs = 0;
  value: ValueSum;
  valued = 0;

  private constructor(readonly spec: ModelSpec) {
    const empty = emptyTraffic(spec, summaryParts);
    this.features = empty.features;
    this.prediction = empty.prediction;
    this.score = empty.score;
    this.cbpe = empty.cbpe;
    this.comoments = empty.comoments;
    this.performance = empty.performance;
    this.value = empty.value;
  }

  static empty(spec: ModelSpec): TrafficSummary {
    return new TrafficSummary(spec);
  }

  foldEvent(event: ReadEvent): void {
    foldEvent(this.spec, this, event);
  }

  foldPair(pair: ReadPair): boolean {
    return foldPair(this, pair);
  }

  /** This spec's feature of that name, or null when it has none. */
  feature(name: string): FeaturePart | null {
    const i = this.spec.features.findIndex((f) => f.name === name);
    return i < 0 ? null : this.features[i]!;
  }

  /** Folds another summary of the same spec into this one; the other is left as it was. */
  merge(other: TrafficSummary): this {
    this.events += other.events;
    this.rejected += other.rejected;
    this.pairs += other.pairs;
    this.valued += other.valued;
    this.features.forEach((part, i) => mergeSummary(part, other.features[i]!));
    mergeSummary(this.prediction, other.prediction);
    mergeSummary(this.score, other.score);
    if (this.cbpe && other.cbpe) this.cbpe.merge(other.cbpe);
    this.comoments.merge(other.comoments);
    mergeSummary(this.performance, other.performance);
    this.value.merge(other.value);
    return this;
  }

  /**
   * As tile rows: one per part that holds anything. A part's n is what it counts: labelled pairs
   * for performance, valued pairs for value, events for the others.
   */
  encode(): EncodedPart[] {
    const rows: EncodedPart[] = [];
    const part = (key: string, n: number, summary: AnySummary) => {
      if (n > 0) rows.push({ key, n, bytes: encodeSummary(summary) });
    };
    const { spec, events } = this;
    if (events > 0) rows.push({ key: EVENTS_KEY, n: events, bytes: null });
    spec.features.forEach((f, i) => part(featureKey(f.type, f.name), events, this.features[i]!));
    if (this.comoments.names.length >= 2) part(COMOMENTS_KEY, events, this.comoments);
    part(predictionKey(spec.task === 'regression' ? 'numerical' : 'categorical'), events, this.prediction);
    if (spec.task === 'binary_classification') {
      part(SCORE_KEY, events, this.score);
      // Only scored events reach CBPE: a bucket without one has no row, as before the core.
      if (this.cbpe && this.cbpe.predictions > 0) part(CBPE_KEY, events, this.cbpe);
    }
    part(VALUE_KEY, this.valued, this.value);
    part(performanceKey(spec.task), this.pairs, this.performance);
    return rows;
  }

  /**
   * Stored rows (any buckets) merged and shaped by `spec`: a part the spec no longer has is
   * dropped, a part the rows lack is empty, and a feature whose type changed is empty (its key
   * names the type). Throws SummaryFormatError on a row that cannot be decoded.
   */
  static decode(spec: ModelSpec, rows: Iterable<EncodedPart>): TrafficSummary {
    return TrafficSummary.fromMerged(spec, mergeRows(rows));
  }

  /** Rows already merged key by key (merge-rows.ts), shaped by `spec` as decode does. */
  static fromMerged(spec: ModelSpec, merged: ReadonlyMap<string, Merged>): TrafficSummary {
    const traffic = new TrafficSummary(spec);
    // The stored summary itself where its kind fits the part (no re-merge), else the empty part.
    const take = <S extends AnySummary>(key: string, empty: S): S => {
      const stored = merged.get(key)?.summary;
      return stored && stored.constructor === empty.constructor ? (stored as S) : empty;
    };
    const predictionType = spec.task === 'regression' ? 'numerical' : 'categorical';
    traffic.events = merged.get(EVENTS_KEY)?.n ?? 0;
    traffic.features = spec.features.map((f, i) => take(featureKey(f.type, f.name), traffic.features[i]!));
    traffic.prediction = take(predictionKey(predictionType), traffic.prediction);
    if (spec.task === 'binary_classification') {
      traffic.score = take(SCORE_KEY, traffic.score);
      traffic.cbpe = take(CBPE_KEY, traffic.cbpe!);
    }
    // Tiles folded before co-moments have none; stored ones keep the names they were folded with.
    traffic.comoments = take(COMOMENTS_KEY, traffic.comoments);
    // Merged into the empty one made from the spec, so a multiclass window lists the spec's classes.
    const performance = merged.get(performanceKey(spec.task))?.summary;
    if (performance && performance.constructor === traffic.performance.constructor) {
      mergeSummary(traffic.performance, performance);
      traffic.pairs = merged.get(performanceKey(spec.task))!.n;
    }
    traffic.value = take(VALUE_KEY, traffic.value);
    traffic.valued = merged.get(VALUE_KEY)?.n ?? 0;
    return traffic;
  }
}
