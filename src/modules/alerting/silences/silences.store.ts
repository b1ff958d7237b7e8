import type { Queryable } from '../../../lib/db.js';
import type { Matcher } from './silences.schemas.js';
import type { ActiveSilence } from './silences.match.js';

export interface StoredSilence extends ActiveSilence {
  /** The models its matchers pin (pinnedModels in silences.match.ts); null: any model may match. */
  models: string[] | null;
  createdBy: string;
  comment: string;
  createdAt: Date;
}

interface SilenceRow {
  id: string;
  matchers: Matcher[];
  models: string[] | null;
  starts_at: Date;
  ends_at: Date;
  created_by: string;
  comment: string;
  created_at: Date;
}

const COLUMNS = 'id, matchers, models, starts_at, ends_at, created_by, comment, created_at';

const toSilence = (row: SilenceRow): StoredSilence => ({
  id: row.id,
  matchers: row.matchers,
  models: row.models,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  createdBy: row.created_by,
  comment: row.comment,
  createdAt: row.created_at,
});

export type SilenceState = 'pending' | 'active' | 'expired';

/** mayAccess (src/http/plugins/access.ts) in SQL, over a row's pinned models and the key's ($3). */
const WITHIN = (row: string) =>
  `($3::text[] IS NULL OR (${row}.models IS NOT NULL AND cardinality(${row}.models) > 0 AND ${row}.models <@ $3::text[]))`;

export function createSilenceStore() {
  return {
    async insert(db: Queryable, s: Omit<StoredSilence, 'createdAt'>): Promise<StoredSilence> {
      const { rows } = await db.query<SilenceRow>(
        `INSERT INTO silences (id, matchers, models, starts_at, ends_at, created_by, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [s.id, JSON.stringify(s.matchers), s.models, s.startsAt, s.endsAt, s.createdBy, s.comment],
      );
      return toSilence(rows[0]!);
    },

    async find(db: Queryable, id: string): Promise<StoredSilence | null> {
      const { rows } = await db.query<SilenceRow>(`SELECT ${COLUMNS} FROM silences WHERE id = $1`, [id]);
      return rows[0] ? toSilence(rows[0]) : null;
    },

    /**
     * Newest first; keyset on (created_at, id) through the id of the last row seen. `within`: the
     * models of a limited key, which lists only silences pinned to some of them (the cursor's row
     * too, so that a cursor naming another silence tells nothing about it); null lists every one.
     */
    async list(
      db: Queryable,
      filter: {
        state: SilenceState | null;
        at: Date;
        within: readonly string[] | null;
        afterId: string | null;
        limit: number;
      },
    ): Promise<StoredSilence[]> {
      const { rows } = await db.query<SilenceRow>(
        `SELECT ${COLUMNS} FROM silences s
          WHERE ($1::text IS NULL
                 OR ($1 = 'pending' AND starts_at > $2)
                 OR ($1 = 'active' AND starts_at <= $2 AND ends_at > $2)
                 OR ($1 = 'expired' AND ends_at <= $2))
            AND ${WITHIN('s')}
            AND ($4::text IS NULL
                 OR (created_at, id) < (SELECT created_at, id FROM silences c WHERE id = $4 AND ${WITHIN('c')}))
          ORDER BY created_at DESC, id DESC
          LIMIT $5`,
        [filter.state, filter.at, filter.within, filter.afterId, filter.limit],
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
