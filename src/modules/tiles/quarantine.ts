import type { Logger } from 'pino';
import type { PoolClient, Queryable } from '../../lib/db.js';
import type { Undecodable } from '../../stats/core/merge-rows.js';
import type { QuarantinedSummary, QuarantineStore, TakenContribution } from './quarantine.store.js';
import type { StoredTile } from './tiles.store.js';

export interface QuarantineDeps {
  transaction: <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T>;
  store: QuarantineStore;
  /** The length of a contribution's bucket. */
  tileSeconds: number;
  log: Logger;
  /** `modelwatch_quarantined_summaries_total{model}`. */
  counted: (modelId: string, summaries: number) => void;
}

/**
 * Sets aside stored summaries that cannot be decoded (README.md "Quarantine"): each is moved to
 * `quarantined_summaries` with its reason, logged once and counted, so that it is never read as
 * data again and stays inspectable, and every evaluation touching it can say what it lacks.
 * The moves run in the caller's transaction (compaction, rollup) or in one of their own (a read);
 * `report` logs and counts what was moved once that transaction has committed.
 */
export function createQuarantine({ transaction, store, tileSeconds, log, counted }: QuarantineDeps) {
  async function moveRows(
    db: Queryable,
    modelId: string,
    rows: readonly Undecodable<StoredTile>[],
  ): Promise<QuarantinedSummary[]> {
    const moved: QuarantinedSummary[] = [];
    for (const { row, reason } of rows) {
      moved.push(
        ...(row.resolution === 0
          ? await store.moveContributions(db, modelId, row, tileSeconds, reason)
          : await store.moveTile(db, modelId, row, reason)),
      );
    }
    return moved;
  }

  function report(modelId: string, moved: readonly QuarantinedSummary[]): void {
    for (const s of moved) {
      log.warn(
        {
          modelId,
          source: s.source,
          summaryKey: s.key,
          from: s.from,
          referenceId: s.referenceId,
          reason: s.reason,
        },
        'summary quarantined: it cannot be decoded, and is left out of every window from now on',
      );
    }
    if (moved.length > 0) counted(modelId, moved.length);
  }

  return {
    moveRows,
    report,

    /** Compaction's undecodable contributions, already deleted in its transaction. */
    recordTaken: (db: Queryable, modelId: string, taken: readonly Undecodable<TakenContribution>[]) =>
      store.insertTaken(db, modelId, taken, tileSeconds),

    /**
     * A read's undecodable rows, moved in a transaction of their own (the read's was read-only).
     * The read has left them out either way, so a move that fails is logged, not thrown: the next
     * read finds them again.
     */
    async setAside(modelId: string, rows: readonly Undecodable<StoredTile>[]): Promise<void> {
      if (rows.length === 0) return;
      try {
        report(modelId, await transaction((db) => moveRows(db, modelId, rows)));
      } catch (err) {
        log.warn({ modelId, err }, 'quarantining undecodable summaries failed; they stay left out of reads');
      }
    },

    async setAsideReferenceSummaries(
      modelId: string,
      referenceId: number,
      bad: readonly { key: string; reason: string }[],
    ): Promise<void> {
      if (bad.length === 0) return;
      try {
        const moved = await transaction(async (db) => {
          const all: QuarantinedSummary[] = [];
          for (const { key, reason } of bad)
            all.push(...(await store.moveReferenceSummary(db, modelId, referenceId, key, reason)));
          return all;
        });
        report(modelId, moved);
      } catch (err) {
        log.warn({ modelId, referenceId, err }, 'quarantining undecodable reference summaries failed');
      }
    },

    inRange: store.inRange,
    ofReference: store.ofReference,
  };
}

export type Quarantine = ReturnType<typeof createQuarantine>;

/** How a read describes an undecodable row it found, before (or while) it is moved. */
export function describeUndecodable(
  { row, reason }: Undecodable<StoredTile>,
  tileSeconds: number,
): QuarantinedSummary {
  const seconds = row.resolution === 0 ? tileSeconds : row.resolution;
  return {
    source: row.resolution === 0 ? 'contribution' : 'tile',
    key: row.key,
    from: new Date(row.bucketMs).toISOString(),
    to: new Date(row.bucketMs + seconds * 1000).toISOString(),
    referenceId: null,
    reason,
  };
}
