import type { ModelSpec } from '../../domain/model-spec.js';
import { readEvent, readPair, type StoredEvent, type StoredPair } from '../../stats/core/read.js';
import { TrafficSummary } from '../../stats/core/traffic-summary.js';

/** A prediction as the fold reads it back from Postgres. */
export interface StoredPrediction extends StoredEvent {
  predictionId: string;
  tsMs: number;
  features: Record<string, unknown>;
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
export interface LabelledPair extends Omit<StoredPrediction, 'features'>, StoredPair {
  /** The outcome's business value (docs/kpis.md#value), null when none was sent. */
  value: number | null;
}

/**
 * A batch's predictions and labelled pairs as per-bucket traffic summaries (buckets of
 * `tileSeconds`, aligned to the epoch, by the prediction's time), encoded as tile rows. What an
 * event or pair summarises into is src/stats/core's one fold.
 */
export function createTileFolder(spec: ModelSpec, tileSeconds: number) {
  const tileMs = tileSeconds * 1000;
  const buckets = new Map<number, TrafficSummary>();

  const bucketOf = (tsMs: number): TrafficSummary => {
    const start = Math.floor(tsMs / tileMs) * tileMs;
    let traffic = buckets.get(start);
    if (!traffic) buckets.set(start, (traffic = TrafficSummary.empty(spec)));
    return traffic;
  };

  return {
    addPrediction(event: StoredPrediction): void {
      bucketOf(event.tsMs).foldEvent(readEvent(spec, event));
    },

    /** Returns false when the pair cannot be summarised (a target of the wrong type). */
    addPair(pair: LabelledPair): boolean {
      return bucketOf(pair.tsMs).foldPair(readPair(spec, pair));
    },

    rows(): TileRow[] {
      return [...buckets].flatMap(([bucketMs, traffic]) =>
        traffic.encode().map((part) => ({ bucketMs, ...part })),
      );
    },
  };
}
