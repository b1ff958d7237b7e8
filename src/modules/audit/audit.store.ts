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

export function createAuditStore() {
  return {
    async insert(db: Queryable, entry: NewAuditEntry): Promise<void> {
      await db.query(
        `INSERT INTO audit_log (model_id, api_key_id, action, actor, changes, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
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
