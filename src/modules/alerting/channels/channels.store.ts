import type { Queryable } from '../../../lib/db.js';
import type { ChannelType } from './channels.schemas.js';

/**
 * A channels row: what routes and rate-limits deliveries, and the target (URL, secrets) sealed
 * (channels.sealing.ts opens it). Null only for a row stored in plain text before migration 0009
 * and not yet sealed.
 */
export interface StoredChannel {
  id: string;
  type: ChannelType;
  name: string;
  isDefault: boolean;
  ratePerSecond: number;
  burst: number;
  sealedTarget: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row as the sealing pass sees it: a plain-text target (before 0009) or a sealed one. */
export interface ChannelSecretRow {
  id: string;
  plaintextTarget: unknown;
  sealedTarget: string | null;
}

interface ChannelRow {
  id: string;
  type: ChannelType;
  name: string;
  is_default: boolean;
  rate_per_second: number;
  burst: number;
  sealed_target: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, type, name, is_default, rate_per_second, burst, sealed_target, created_at, updated_at';

const toChannel = (row: ChannelRow): StoredChannel => ({
  id: row.id,
  type: row.type,
  name: row.name,
  isDefault: row.is_default,
  ratePerSecond: row.rate_per_second,
  burst: row.burst,
  sealedTarget: row.sealed_target,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export type ChannelWrite = Omit<StoredChannel, 'createdAt' | 'updatedAt' | 'sealedTarget'> & {
  sealedTarget: string;
};

export function createChannelStore() {
  return {
    async find(db: Queryable, id: string, { forUpdate = false } = {}): Promise<StoredChannel | null> {
      const { rows } = await db.query<ChannelRow>(
        `SELECT ${COLUMNS} FROM alert_channels WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] ? toChannel(rows[0]) : null;
    },

    async list(db: Queryable): Promise<StoredChannel[]> {
      const { rows } = await db.query<ChannelRow>(`SELECT ${COLUMNS} FROM alert_channels ORDER BY id`);
      return rows.map(toChannel);
    },

    async upsert(db: Queryable, c: ChannelWrite): Promise<{ created: boolean; channel: StoredChannel }> {
      const { rows } = await db.query<ChannelRow & { created: boolean }>(
        `INSERT INTO alert_channels (id, type, name, is_default, rate_per_second, burst, sealed_target)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE
            SET type = EXCLUDED.type, name = EXCLUDED.name, is_default = EXCLUDED.is_default,
                rate_per_second = EXCLUDED.rate_per_second, burst = EXCLUDED.burst,
                sealed_target = EXCLUDED.sealed_target, plaintext_target = NULL, updated_at = now()
         RETURNING ${COLUMNS}, (xmax = 0) AS created`,
        [c.id, c.type, c.name, c.isDefault, c.ratePerSecond, c.burst, c.sealedTarget],
      );
      const row = rows[0]!;
      return { created: row.created, channel: toChannel(row) };
    },

    /**
     * The next rows after `afterId` (by id), locked until the caller's transaction ends, so that a
     * concurrent PUT waits for the batch rather than being overwritten by it.
     */
    async secretsBatch(db: Queryable, afterId: string, limit: number): Promise<ChannelSecretRow[]> {
      const { rows } = await db.query<{
        id: string;
        plaintext_target: unknown;
        sealed_target: string | null;
      }>(
        `SELECT id, plaintext_target, sealed_target FROM alert_channels
          WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
        [afterId, limit],
      );
      return rows.map((r) => ({
        id: r.id,
        plaintextTarget: r.plaintext_target,
        sealedTarget: r.sealed_target,
      }));
    },

    /** Stores a (re)sealed target; the plain-text one, if any, is gone with it. */
    async storeSealed(db: Queryable, id: string, sealedTarget: string): Promise<void> {
      await db.query('UPDATE alert_channels SET sealed_target = $2, plaintext_target = NULL WHERE id = $1', [
        id,
        sealedTarget,
      ]);
    },

    async remove(db: Queryable, id: string): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM alert_channels WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type ChannelStore = ReturnType<typeof createChannelStore>;
