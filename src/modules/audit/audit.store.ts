import type { Queryable } from '../../lib/db.js';
import type { AuditAction, AuditChange, AuditEntry } from './audit.schemas.js';

/** What a change records; written by the service in the transaction that makes the change. */
export interface NewAuditEntry {
  modelId?: string;
  apiKeyId?: string;
  action: AuditAction;
  actor: string;
  changes: AuditChange[];
  before?: unknown;
  after?: unknown;
}

interface AuditRow {
  id: number;
  action: AuditAction;
  actor: string;
  at: Date;
  changes: AuditChange[];
}

const toEntry = (row: AuditRow): AuditEntry => ({ ...row, at: row.at.toISOString() });

/** The transaction-scoped advisory lock that makes audit entries append one at a time. */
export const AUDIT_CHAIN_LOCK = 'modelwatch:audit_chain';

/** The hash of an entry over its canonical text (migrations/0014_audit_chain.sql), chained to `prev`. */
export const ENTRY_HASH_SQL = `sha256(coalesce(prev_hash, ''::bytea) || convert_to(audit_entry_text(
  id, model_id, api_key_id, action, actor, at, changes, before, after), 'UTF8'))`;

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
        `INSERT INTO audit_log (model_id, api_key_id, action, actor, changes, before, after, prev_hash)
         SELECT $1, $2, $3, $4, $5, $6, $7, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)
         RETURNING id`,
        [
          entry.modelId ?? null,
          entry.apiKeyId ?? null,
          entry.action,
          entry.actor,
          JSON.stringify(entry.changes),
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
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
        `SELECT id, action, actor, at, changes
           FROM audit_log
          WHERE model_id = $1 AND ($2::bigint IS NULL OR id < $2)
          ORDER BY id DESC
          LIMIT $3`,
        [modelId, beforeId, limit],
      );
      return rows.map(toEntry);
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
