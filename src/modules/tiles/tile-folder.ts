import { CbpeSummary } from '../../stats/cbpe/index.js';
import { CoMoments } from '../../stats/multivariate/comoments.js';
import { multivariateNames } from '../../stats/multivariate/names.js';
import { BinarySummary, MulticlassSummary, RegressionSummary } from '../../stats/performance/index.js';
import { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import { binaryScore, categoryOrNull, isPositive, numberOrNull } from '../../stats/core/event-values.js';
import { ValueSum } from '../../stats/summaries/value-sum.js';
import {
  COMOMENTS_KEY,
  EVENTS_KEY,
  VALUE_KEY,
  encodeSummary,
  featureKey,
  type AnySummary,
} from './tile-codec.js';

/** A prediction as the fold reads it back from Postgres. */
export interface StoredPrediction {
  predictionId: string;
  tsMs: number;
  features: Record<string, unknown>;
  prediction: unknown;
  score: number | null;
  scores: Record<string, unknown> | null;
}

/** One summary for one bucket, ready to store. */
export interface TileRow {
  bucketMs: number;
  key: string;
  /** Events (or labelled pairs) folded into it. */
  n: number;
  bytes: Uint8Array | null;
}

/** A labelled pair: its prediction (whose time decides the bucket; features are not needed) and outcome. */
export interface LabelledPair extends Omit<StoredPrediction, 'features'> {
  actual: unknown;
  /** The outcome's business value (docs/kpis.md#value), null when none was sent. */
  value: number | null;
}

export type PerformanceSummary = BinarySummary | MulticlassSummary | RegressionSummary;

export function emptyPerformance(spec: ModelSpec): PerformanceSummary {
  if (spec.task === 'binary_classification') return new BinarySummary();
  if (spec.task === 'multiclass_classification') return new MulticlassSummary(spec.classes.map(String));
  return new RegressionSummary();
}

/** What one bucket of one batch holds before it is encoded. */
class BucketTiles {
  events = 0;
  pairs = 0;
  valued = 0;
  readonly summaries = new Map<string, AnySummary>();

  get<S extends AnySummary>(key: string, create: () => S): S {
    let summary = this.summaries.get(key) as S | undefined;
    if (!summary) {
      summary = create();
      this.summaries.set(key, summary);
    }
    return summary;
  }
}

/**
 * Folds a batch's predictions and labelled pairs into per-bucket summaries (buckets of
 * `tileSeconds`, aligned to the epoch, by the prediction's time), then encodes them as rows.
 */
export function createTileFolder(spec: ModelSpec, tileSeconds: number) {
  const tileMs = tileSeconds * 1000;
  const buckets = new Map<number, BucketTiles>();
  const regression = spec.task === 'regression';
  const performanceKey = performanceKind(spec);
  const pairedNames = multivariateNames(spec);
  const paired = new Set(pairedNames);

  const bucketOf = (tsMs: number): BucketTiles => {
    const start = Math.floor(tsMs / tileMs) * tileMs;
    let tiles = buckets.get(start);
    if (!tiles) buckets.set(start, (tiles = new BucketTiles()));
    return tiles;
  };

  return {
    addPrediction(event: StoredPrediction): void {
      const tiles = bucketOf(event.tsMs);
      tiles.events++;
      const numbers: (number | null)[] = [];
      for (const feature of spec.features) {
        const value = event.features[feature.name];
        const key = featureKey(feature.type, feature.name);
        if (feature.type === 'numerical') {
          const number = numberOrNull(value);
          tiles.get(key, () => new NumericSummary()).add(number);
          if (paired.has(feature.name)) numbers.push(number);
        } else tiles.get(key, () => new CategoricalSummary()).add(categoryOrNull(value));
      }
      if (pairedNames.length >= 2) tiles.get(COMOMENTS_KEY, () => new CoMoments(pairedNames)).add(numbers);
      if (regression) {
        tiles.get('numerical:prediction', () => new NumericSummary()).add(numberOrNull(event.prediction));
      } else {
        tiles
          .get('categorical:prediction', () => new CategoricalSummary())
          .add(categoryOrNull(event.prediction));
      }
      if (spec.task === 'binary_classification') {
        const score = binaryScore(spec, event);
        tiles.get('numerical:score', () => new NumericSummary()).add(score);
        if (score !== null)
          tiles.get('cbpe', () => new CbpeSummary()).add(score, isPositive(spec, event.prediction));
      }
    },

    /** Returns false when the pair cannot be summarised (a target of the wrong type). */
    addPair(pair: LabelledPair): boolean {
      const tiles = bucketOf(pair.tsMs);
      if (pair.value !== null) {
        tiles.get(VALUE_KEY, () => new ValueSum()).add(pair.value);
        tiles.valued++;
      }
      const summary = tiles.get(performanceKey, () => emptyPerformance(spec));
      if (summary instanceof BinarySummary) {
        summary.add(
          isPositive(spec, pair.actual),
          isPositive(spec, pair.prediction),
          binaryScore(spec, pair),
        );
      } else if (summary instanceof MulticlassSummary) {
        const [actual, predicted] = [categoryOrNull(pair.actual), categoryOrNull(pair.prediction)];
        if (actual === null || predicted === null) return false;
        summary.add(actual, predicted);
      } else {
        const [actual, predicted] = [numberOrNull(pair.actual), numberOrNull(pair.prediction)];
        if (actual === null || predicted === null) return false;
        summary.add(actual, predicted);
      }
      tiles.pairs++;
      return true;
    },

    rows(): TileRow[] {
      const rows: TileRow[] = [];
      for (const [bucketMs, tiles] of buckets) {
        if (tiles.events > 0) rows.push({ bucketMs, key: EVENTS_KEY, n: tiles.events, bytes: null });
        for (const [key, summary] of tiles.summaries) {
          const n = key === performanceKey ? tiles.pairs : key === VALUE_KEY ? tiles.valued : tiles.events;
          if (n > 0) rows.push({ bucketMs, key, n, bytes: encodeSummary(summary) });
        }
      }
      return rows;
    },
  };
}

export function performanceKind(spec: ModelSpec): 'binary' | 'multiclass' | 'regression' {
  if (spec.task === 'binary_classification') return 'binary';
  if (spec.task === 'multiclass_classification') return 'multiclass';
  return 'regression';
}
