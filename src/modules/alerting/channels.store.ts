import type { Queryable } from '../../lib/db.js';
import type { ChannelTarget } from './channels/targets.js';
import type { ChannelType } from './channels.schemas.js';

/** A channels row: what routes and rate-limits deliveries, and the secret-bearing target. */
export interface StoredChannel {
  id: string;
  type: ChannelType;
  name: string;
  isDefault: boolean;
  ratePerSecond: number;
  burst: number;
  target: ChannelTarget;
  createdAt: string;
  updatedAt: string;
}

interface ChannelRow {
  id: string;
  type: ChannelType;
  name: string;
  is_default: boolean;
  rate_per_second: number;
  burst: number;
  target: ChannelTarget;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, type, name, is_default, rate_per_second, burst, target, created_at, updated_at';

const toChannel = (row: ChannelRow): StoredChannel => ({
  id: row.id,
  type: row.type,
  name: row.name,
  isDefault: row.is_default,
  ratePerSecond: row.rate_per_second,
  burst: row.burst,
  target: row.target,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export type ChannelWrite = Omit<StoredChannel, 'createdAt' | 'updatedAt'>;

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
        `INSERT INTO alert_channels (id, type, name, is_default, rate_per_second, burst, target)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE
            SET type = EXCLUDED.type, name = EXCLUDED.name, is_default = EXCLUDED.is_default,
                rate_per_second = EXCLUDED.rate_per_second, burst = EXCLUDED.burst,
                target = EXCLUDED.target, updated_at = now()
         RETURNING ${COLUMNS}, (xmax = 0) AS created`,
        [c.id, c.type, c.name, c.isDefault, c.ratePerSecond, c.burst, JSON.stringify(c.target)],
      );
      const row = rows[0]!;
      return { created: row.created, channel: toChannel(row) };
    },

    async remove(db: Queryable, id: string): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM alert_channels WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type ChannelStore = ReturnType<typeof createChannelStore>;
