import type { ModelSpec } from '../../domain/model-spec.js';
import type { Merged, Undecodable } from '../../stats/core/merge-rows.js';
import { TrafficSummary } from '../../stats/core/traffic-summary.js';
import { describeUndecodable } from './quarantine.js';
import type { QuarantinedSummary } from './quarantine.store.js';
import type { StoredTile } from './tiles.store.js';
import type { WindowPlan } from './window-plan.js';

/** What a window read says beside its traffic summary: the range it covers and what it merged. */
export interface WindowRead {
  modelId: string;
  /** The range read, [from, to): the request moved up to tile boundaries (see loadWindow). */
  from: Date;
  to: Date;
  /** Rows merged: hour tiles, fine tiles, contributions not yet compacted. */
  merged: { hourTiles: number; fineTiles: number; contributions: number };
  /**
   * Summaries of the range that could not be decoded and are quarantined (README.md "Quarantine"),
   * found by this read or before it: the window is merged without them. Empty when complete.
   */
  incomplete: QuarantinedSummary[];
}

/** A window of one model: its traffic summarised under a spec, and what the read covered. */
export interface LoadedWindow {
  /** `rejected` counts the events refused at ingest in batches received in the range (by arrival). */
  traffic: TrafficSummary;
  read: WindowRead;
}

/**
 * Shapes a window's merged rows (window-blocks.ts) by `spec` (TrafficSummary.fromMerged). Rows
 * that could not be decoded were left out of the merge and are returned apart, for the caller to
 * quarantine; `incomplete` lists them after those of the range quarantined `before`.
 */
export function readWindow(
  modelId: string,
  spec: ModelSpec,
  plan: WindowPlan,
  rows: readonly StoredTile[],
  { merged, undecodable }: { merged: Map<string, Merged>; undecodable: Undecodable<StoredTile>[] },
  rejected: number,
  quarantined: { before: readonly QuarantinedSummary[]; tileSeconds: number },
): { window: LoadedWindow; undecodable: Undecodable<StoredTile>[] } {
  const traffic = TrafficSummary.fromMerged(spec, merged);
  traffic.rejected = rejected;
  const read: WindowRead = {
    modelId,
    from: new Date(plan.fromMs),
    to: new Date(plan.toMs),
    merged: {
      hourTiles: rows.filter((r) => r.resolution === 3600).length,
      fineTiles: rows.filter((r) => r.resolution !== 3600 && r.resolution !== 0).length,
      contributions: rows.filter((r) => r.resolution === 0).length,
    },
    incomplete: [
      ...quarantined.before,
      ...undecodable.map((u) => describeUndecodable(u, quarantined.tileSeconds)),
    ],
  };
  return { window: { traffic, read }, undecodable };
}
