import type { Queryable } from '../../lib/db.js';
import type { Scope } from '../../http/plugins/auth.js';
import type { ApiKey } from './keys.schemas.js';

interface KeyRow {
  id: string;
  name: string;
  scopes: Scope[];
  model_ids: string[] | null;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** What authentication needs: the hash to compare and what the key may do. */
export interface KeyCredentials {
  id: string;
  secretHash: Buffer;
  scopes: Scope[];
  modelIds: string[] | null;
  revoked: boolean;
}

export interface NewKey {
  id: string;
  name: string;
  secretHash: Buffer;
  scopes: Scope[];
  modelIds: string[] | null;
  createdBy: string;
}

const PUBLIC_COLUMNS = 'id, name, scopes, model_ids, created_by, created_at, last_used_at, revoked_at';

const toApiKey = (row: KeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  models: row.model_ids,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/**
 * `within` ($1): the models of a key limited to some models. Such a key manages only keys limited
 * to a subset of its own models (and their sessions); null manages every key. `keys` names the
 * api_keys row in the query.
 */
export const keysWithin = (keys: string) =>
  `($1::text[] IS NULL OR (${keys}.model_ids IS NOT NULL AND ${keys}.model_ids <@ $1::text[]))`;
const WITHIN = keysWithin('api_keys');

export function createKeyStore() {
  return {
    /** Null when the id is taken (48 random bits: rare, but the caller draws again rather than fail). */
    async insert(db: Queryable, key: NewKey): Promise<ApiKey | null> {
      const { rows } = await db.query<KeyRow>(
        `INSERT INTO api_keys (id, name, secret_hash, scopes, model_ids, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${PUBLIC_COLUMNS}`,
        [key.id, key.name, key.secretHash, key.scopes, key.modelIds, key.createdBy],
      );
      return rows[0] ? toApiKey(rows[0]) : null;
    },

    /** Oldest first, `limit` rows after the key `afterId` (keys are never deleted, so it still exists). */
    async list(
      db: Queryable,
      {
        within,
        includeRevoked,
        afterId,
        limit,
      }: { within: readonly string[] | null; includeRevoked: boolean; afterId: string | null; limit: number },
    ): Promise<ApiKey[]> {
      const { rows } = await db.query<KeyRow>(
        `SELECT ${PUBLIC_COLUMNS} FROM api_keys
          WHERE ${WITHIN} AND ($2 OR revoked_at IS NULL)
            AND ($3::text IS NULL OR (created_at, id) > (SELECT created_at, id FROM api_keys WHERE id = $3))
          ORDER BY created_at, id
          LIMIT $4`,
        [within, includeRevoked, afterId, limit],
      );
      return rows.map(toApiKey);
    },

    /** Locks the key's row so that a revoke and its audit entry are written once. */
    async findForUpdate(db: Queryable, id: string, within: readonly string[] | null): Promise<ApiKey | null> {
      const { rows } = await db.query<KeyRow>(
        `SELECT ${PUBLIC_COLUMNS} FROM api_keys WHERE ${WITHIN} AND id = $2 FOR UPDATE`,
        [within, id],
      );
      return rows[0] ? toApiKey(rows[0]) : null;
    },

    /** Returns when the key was revoked. */
    async revoke(db: Queryable, id: string): Promise<string> {
      const { rows } = await db.query<{ revoked_at: Date }>(
        'UPDATE api_keys SET revoked_at = now() WHERE id = $1 RETURNING revoked_at',
        [id],
      );
      return rows[0]!.revoked_at.toISOString();
    },

    async findCredentials(db: Queryable, id: string): Promise<KeyCredentials | null> {
      const { rows } = await db.query<{
        id: string;
        secret_hash: Buffer;
        scopes: Scope[];
        model_ids: string[] | null;
        revoked: boolean;
      }>(
        `SELECT id, secret_hash, scopes, model_ids, revoked_at IS NOT NULL AS revoked
           FROM api_keys WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id,
        secretHash: row.secret_hash,
        scopes: row.scopes,
        modelIds: row.model_ids,
        revoked: row.revoked,
      };
    },

    /** The guard makes a replica's write a no-op when another replica wrote within the minute. */
    async touchLastUsed(db: Queryable, id: string): Promise<void> {
      await db.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [id],
      );
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
