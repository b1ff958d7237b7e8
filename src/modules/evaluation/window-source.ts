import type { Queryable } from '../../lib/db.js';
import { createColumns, foldRow } from '../../stats/evaluation/columns.js';
import { summaryColumnFactories, type SummaryColumns } from '../../stats/evaluation/summary-columns.js';
import type { ModelSpec } from '../models/models.schemas.js';
import type { TrafficStore } from '../references/traffic.store.js';

/** A window's merged summaries, over the range they actually cover (tiles are whole buckets). */
export interface WindowSummaries {
  columns: SummaryColumns;
  from: Date;
  to: Date;
}

/** Where evaluations get a window's data: merged tiles (src/modules/tiles) in the service. */
export interface WindowSource {
  /** The merged summaries of the model's events in [from, to), for the spec's features. */
  load(spec: ModelSpec, modelId: string, from: Date, to: Date): Promise<WindowSummaries>;
  /** Prediction events in [from, to). */
  countEvents(modelId: string, from: Date, to: Date): Promise<number>;
}

/**
 * A window folded from the stored events themselves, through the same summaries tiles keep.
 * Exact in what it counts, but its cost grows with the events in the window: it stands in until
 * the tiles' window loader is wired in (container.ts), and serves tests that compare the two.
 */
export function trafficWindowSource(
  db: Queryable,
  traffic: Pick<TrafficStore, 'events' | 'countEvents'>,
): WindowSource {
  return {
    async load(spec, modelId, from, to) {
      const columns = createColumns(spec, summaryColumnFactories);
      for await (const row of traffic.events(db, spec, modelId, from, to)) foldRow(spec, columns, row);
      return { columns, from, to };
    },
    countEvents: (modelId, from, to) => traffic.countEvents(db, modelId, from, to),
  };
}
