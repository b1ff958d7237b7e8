import pg from 'pg';
import type { Pool } from '../../lib/db.js';

const DAY_MS = 86_400_000;
const PARTITION_NAME = /^predictions_(\d{4})(\d{2})(\d{2})$/;
const DELETE_CHUNK = 50_000;

export interface UpkeepReport {
  created: string[];
  dropped: string[];
  deleted: { predictionIds: number; outcomes: number; batches: number };
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Deletes rows matching `where` (with $1 the cutoff) in chunks, so no single statement runs long. */
async function deleteInChunks(pool: Pool, table: string, where: string, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${DELETE_CHUNK}))`,
      [cutoff],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < DELETE_CHUNK) return total;
  }
}

/**
 * Keeps the predictions table's day partitions ahead of time and within retention: creates today
 * and the next `daysAhead` days (UTC), drops every partition whose whole day is older than the
 * retention period, and deletes the rows of the unpartitioned tables that aged out with them.
 */
export function createPartitionUpkeep({
  pool,
  retentionDays,
  clock = Date.now,
  daysAhead = 2,
}: {
  pool: Pool;
  retentionDays: number;
  clock?: () => number;
  daysAhead?: number;
}) {
  async function partitions(): Promise<string[]> {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'predictions'::regclass`,
    );
    return rows.map((r) => r.name);
  }

  return {
    async runOnce(): Promise<UpkeepReport> {
      const now = clock();
      const before = new Set(await partitions());
      const ahead = Array.from({ length: daysAhead + 1 }, (_, i) => utcDay(now + i * DAY_MS));
      await pool.query('SELECT mw_ensure_prediction_partition(d) FROM unnest($1::date[]) AS d', [ahead]);
      const created = ahead
        .map((day) => `predictions_${day.replaceAll('-', '')}`)
        .filter((name) => !before.has(name));

      const cutoff = new Date(now - retentionDays * DAY_MS);
      const dropped: string[] = [];
      for (const name of before) {
        const match = PARTITION_NAME.exec(name);
        if (!match) continue;
        const dayEnd = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + DAY_MS;
        if (dayEnd <= cutoff.getTime()) {
          await pool.query(`DROP TABLE IF EXISTS ${pg.escapeIdentifier(name)}`);
          dropped.push(name);
        }
      }

      const deleted = {
        predictionIds: await deleteInChunks(pool, 'prediction_ids', 'ts < $1', cutoff),
        outcomes: await deleteInChunks(pool, 'outcomes', 'received_at < $1', cutoff),
        // A batch goes once its newest event has aged out (events may be up to 5 minutes ahead).
        batches: await deleteInChunks(
          pool,
          'ingest_batches',
          'received_at < $1 AND coalesce(max_ts, received_at) < $1',
          cutoff,
        ),
      };
      return { created, dropped: dropped.sort(), deleted };
    },
  };
}

export type PartitionUpkeep = ReturnType<typeof createPartitionUpkeep>;
