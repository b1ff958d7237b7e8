import type { Queryable } from '../../lib/db.js';
import type { AuditAction, AuditChange, AuditEntry } from './audit.schemas.js';

/** What a change records; written by the service in the transaction that makes the change. */
export interface NewAuditEntry {
  modelId?: string;
  apiKeyId?: string;
  /** What else it is about: 'rule:<id>', 'channel:<id>', 'silence:<id>', 'alert:<id>'. */
  subject?: string;
  action: AuditAction;
  actor: string;
  changes: AuditChange[];
  before?: unknown;
  after?: unknown;
}

interface AuditRow {
  id: number;
  model_id: string | null;
  api_key_id: string | null;
  subject: string | null;
  action: AuditAction;
  actor: string;
  at: Date;
  changes: AuditChange[];
}

const toEntry = ({ model_id, api_key_id, subject, ...row }: AuditRow): AuditEntry => ({
  ...row,
  id: Number(row.id),
  modelId: model_id,
  apiKeyId: api_key_id,
  subject,
  at: row.at.toISOString(),
});

const ENTRY_COLUMNS = 'id, model_id, api_key_id, subject, action, actor, at, changes';

/** The transaction-scoped advisory lock that makes audit entries append one at a time. */
export const AUDIT_CHAIN_LOCK = 'modelwatch:audit_chain';

/** The hash of an entry over its canonical text (migrations/0014_audit_chain.sql), chained to `prev`. */
export const ENTRY_HASH_SQL = `sha256(coalesce(prev_hash, ''::bytea) || convert_to(audit_entry_text(
  id, model_id, api_key_id, subject, action, actor, at, changes, before, after), 'UTF8'))`;

export function createAuditStore() {
  return {
    /**
     * Appends an entry to the chain, in the caller's transaction. The lock is held until it commits,
     * so the entry before it is the last committed one; callers write their entry last, after any
     * row locks, so the lock is always taken last and cannot deadlock with them.
     */
    async insert(db: Queryable, entry: NewAuditEntry): Promise<void> {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_CHAIN_LOCK]);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO audit_log (model_id, api_key_id, subject, action, actor, changes, before, after, prev_hash)
         SELECT $1, $2, $8, $3, $4, $5, $6, $7, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)
         RETURNING id`,
        [
          entry.modelId ?? null,
          entry.apiKeyId ?? null,
          entry.action,
          entry.actor,
          JSON.stringify(entry.changes),
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
          entry.subject ?? null,
        ],
      );
      // A second statement: the hash covers the id and time the insert assigned.
      await db.query(`UPDATE audit_log SET hash = ${ENTRY_HASH_SQL} WHERE id = $1`, [rows[0]!.id]);
    },

    /** Newest first; `beforeId` is the last id of the previous page. Fetches `limit` rows. */
    async listForModel(
      db: Queryable,
      modelId: string,
      { limit, beforeId }: { limit: number; beforeId: number | null },
    ): Promise<AuditEntry[]> {
      const { rows } = await db.query<AuditRow>(
        `SELECT ${ENTRY_COLUMNS}
           FROM audit_log
          WHERE model_id = $1 AND ($2::bigint IS NULL OR id < $2)
          ORDER BY id DESC
          LIMIT $3`,
        [modelId, beforeId, limit],
      );
      return rows.map(toEntry);
    },

    /**
     * The model's entries in [from, to), oldest first, each with its chain hash (hex). An entry
     * counts from its millisecond, as the API writes times (models.history.ts does the same).
     */
    async listForModelBetween(
      db: Queryable,
      modelId: string,
      { from, to }: { from: Date; to: Date },
    ): Promise<(AuditEntry & { hash: string | null })[]> {
      const { rows } = await db.query<AuditRow & { hash: string | null }>(
        `SELECT ${ENTRY_COLUMNS}, encode(hash, 'hex') AS hash
           FROM audit_log
          WHERE model_id = $1 AND date_trunc('milliseconds', at) >= $2 AND date_trunc('milliseconds', at) < $3
          ORDER BY id`,
        [modelId, from, to],
      );
      return rows.map(({ hash, ...row }) => ({ ...toEntry(row), hash }));
    },

    /**
     * Every entry, newest first, optionally of one subject or model. `visibleIds`: a limited key's
     * models; it sees only their entries (not rules, channels or keys, which span models).
     */
    async list(
      db: Queryable,
      f: {
        subject: string | null;
        modelId: string | null;
        visibleIds: readonly string[] | null;
        beforeId: number | null;
        limit: number;
      },
    ): Promise<AuditEntry[]> {
      const { rows } = await db.query<AuditRow>(
        `SELECT ${ENTRY_COLUMNS}
           FROM audit_log
          WHERE ($1::text IS NULL OR subject = $1)
            AND ($2::text IS NULL OR model_id = $2)
            AND ($3::text[] IS NULL OR model_id = ANY ($3::text[]))
            AND ($4::bigint IS NULL OR id < $4)
          ORDER BY id DESC
          LIMIT $5`,
        [f.subject, f.modelId, f.visibleIds, f.beforeId, f.limit],
      );
      return rows.map(toEntry);
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
