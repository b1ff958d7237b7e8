import type { Queryable } from '../../lib/db.js';
import type { Matcher } from './silences.schemas.js';
import type { ActiveSilence } from './silences.match.js';

export interface StoredSilence extends ActiveSilence {
  createdBy: string;
  comment: string;
  createdAt: Date;
}

interface SilenceRow {
  id: string;
  matchers: Matcher[];
  starts_at: Date;
  ends_at: Date;
  created_by: string;
  comment: string;
  created_at: Date;
}

const COLUMNS = 'id, matchers, starts_at, ends_at, created_by, comment, created_at';

const toSilence = (row: SilenceRow): StoredSilence => ({
  id: row.id,
  matchers: row.matchers,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  createdBy: row.created_by,
  comment: row.comment,
  createdAt: row.created_at,
});

export type SilenceState = 'pending' | 'active' | 'expired';

export function createSilenceStore() {
  return {
    async insert(db: Queryable, s: Omit<StoredSilence, 'createdAt'>): Promise<StoredSilence> {
      const { rows } = await db.query<SilenceRow>(
        `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [s.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment],
      );
      return toSilence(rows[0]!);
    },

    async find(db: Queryable, id: string): Promise<StoredSilence | null> {
      const { rows } = await db.query<SilenceRow>(`SELECT ${COLUMNS} FROM silences WHERE id = $1`, [id]);
      return rows[0] ? toSilence(rows[0]) : null;
    },

    /** Newest first; keyset on (created_at, id) through the id of the last row seen. */
    async list(
      db: Queryable,
      filter: { state: SilenceState | null; at: Date; afterId: string | null; limit: number },
    ): Promise<StoredSilence[]> {
      const { rows } = await db.query<SilenceRow>(
        `SELECT ${COLUMNS} FROM silences
          WHERE ($1::text IS NULL
                 OR ($1 = 'pending' AND starts_at > $2)
                 OR ($1 = 'active' AND starts_at <= $2 AND ends_at > $2)
                 OR ($1 = 'expired' AND ends_at <= $2))
            AND ($3::text IS NULL
                 OR (created_at, id) < (SELECT created_at, id FROM silences WHERE id = $3))
          ORDER BY created_at DESC, id DESC
          LIMIT $4`,
        [filter.state, filter.at, filter.afterId, filter.limit],
      );
      return rows.map(toSilence);
    },

    /** Silences in force at `at`. */
    async active(db: Queryable, at: Date): Promise<StoredSilence[]> {
      const { rows } = await db.query<SilenceRow>(
        `SELECT ${COLUMNS} FROM silences WHERE starts_at <= $1 AND ends_at > $1 ORDER BY created_at`,
        [at],
      );
      return rows.map(toSilence);
    },

    /** Ends a silence at `at` (one not started yet never applies); an expired one is left as it was. */
    async expire(db: Queryable, id: string, at: Date): Promise<StoredSilence | null> {
      const { rows } = await db.query<SilenceRow>(
        `UPDATE silences SET ends_at = GREATEST($2::timestamptz, starts_at)
          WHERE id = $1 AND ends_at > $2
          RETURNING ${COLUMNS}`,
        [id, at],
      );
      return rows[0] ? toSilence(rows[0]) : null;
    },
  };
}

export type SilenceStore = ReturnType<typeof createSilenceStore>;
