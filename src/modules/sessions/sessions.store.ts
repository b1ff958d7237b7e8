import type { Queryable } from '../../lib/db.js';
import type { Scope } from '../../domain/principal.js';
import { keysWithin } from '../keys/index.js';
import type { SessionInfo } from './sessions.schemas.js';

interface SessionRow {
  id: string;
  key_id: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date | null;
  user_agent: string | null;
}

/** A live session with what its key may do now, read from the key's row on every request. */
export interface LiveSession {
  session: SessionInfo;
  scopes: Scope[];
  modelIds: string[] | null;
}

/** The key a session or a login token is for, as the key's row holds it now. */
export interface SessionKey {
  keyId: string;
  scopes: Scope[];
  modelIds: string[] | null;
}

const COLUMNS = 's.id, s.key_id, s.created_at, s.expires_at, s.last_seen_at, s.user_agent';
/** A session is live until it expires or is revoked, and while its key is not revoked. */
const LIVE = 's.revoked_at IS NULL AND s.expires_at > now() AND k.revoked_at IS NULL';

const toInfo = (row: SessionRow): SessionInfo => ({
  id: row.id,
  keyId: row.key_id,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  lastSeenAt: row.last_seen_at?.toISOString() ?? null,
  userAgent: row.user_agent,
});

export function createSessionStore() {
  return {
    /** Null when the id is taken (64 random bits: rare, but the caller draws again rather than fail). */
    async insert(
      db: Queryable,
      s: { id: string; secretHash: Buffer; keyId: string; ttlHours: number; userAgent: string | null },
    ): Promise<SessionInfo | null> {
      const { rows } = await db.query<SessionRow>(
        `INSERT INTO sessions AS s (id, secret_hash, key_id, expires_at, user_agent)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [s.id, s.secretHash, s.keyId, s.ttlHours, s.userAgent],
      );
      return rows[0] ? toInfo(rows[0]) : null;
    },

    async findLive(db: Queryable, secretHash: Buffer): Promise<LiveSession | null> {
      const { rows } = await db.query<SessionRow & { scopes: Scope[]; model_ids: string[] | null }>(
        `SELECT ${COLUMNS}, k.scopes, k.model_ids
           FROM sessions s JOIN api_keys k ON k.id = s.key_id
          WHERE s.secret_hash = $1 AND ${LIVE}`,
        [secretHash],
      );
      const row = rows[0];
      return row ? { session: toInfo(row), scopes: row.scopes, modelIds: row.model_ids } : null;
    },

    /** The guard makes a replica's write a no-op when another one wrote within the minute. */
    async touch(db: Queryable, id: string): Promise<void> {
      await db.query(
        `UPDATE sessions SET last_seen_at = now()
          WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
        [id],
      );
    },

    /** Live sessions of the keys within `within` (keys.store.ts `keysWithin`), newest first. */
    async listLive(db: Queryable, within: readonly string[] | null): Promise<SessionInfo[]> {
      const { rows } = await db.query<SessionRow>(
        `SELECT ${COLUMNS}
           FROM sessions s JOIN api_keys k ON k.id = s.key_id
          WHERE ${keysWithin('k')} AND ${LIVE}
          ORDER BY s.created_at DESC, s.id`,
        [within],
      );
      return rows.map(toInfo);
    },

    /** Locks the session's row (live or not) so that a revocation and its audit entry are written once. */
    async findForUpdate(
      db: Queryable,
      id: string,
      within: readonly string[] | null,
    ): Promise<(SessionInfo & { revoked: boolean }) | null> {
      const { rows } = await db.query<SessionRow & { revoked: boolean }>(
        `SELECT ${COLUMNS}, s.revoked_at IS NOT NULL AS revoked
           FROM sessions s JOIN api_keys k ON k.id = s.key_id
          WHERE ${keysWithin('k')} AND s.id = $2
            FOR UPDATE OF s`,
        [within, id],
      );
      const row = rows[0];
      return row ? { ...toInfo(row), revoked: row.revoked } : null;
    },

    async revoke(db: Queryable, id: string): Promise<string> {
      const { rows } = await db.query<{ revoked_at: Date }>(
        'UPDATE sessions SET revoked_at = now() WHERE id = $1 RETURNING revoked_at',
        [id],
      );
      return rows[0]!.revoked_at.toISOString();
    },

    /** The key, if `within` reaches it and it is not revoked. */
    async findKey(
      db: Queryable,
      keyId: string,
      within: readonly string[] | null,
    ): Promise<SessionKey | null> {
      const { rows } = await db.query<{ id: string; scopes: Scope[]; model_ids: string[] | null }>(
        `SELECT k.id, k.scopes, k.model_ids FROM api_keys k
          WHERE ${keysWithin('k')} AND k.id = $2 AND k.revoked_at IS NULL`,
        [within, keyId],
      );
      const row = rows[0];
      return row ? { keyId: row.id, scopes: row.scopes, modelIds: row.model_ids } : null;
    },

    async insertLoginToken(
      db: Queryable,
      t: { tokenHash: Buffer; keyId: string; createdBy: string; ttlSeconds: number },
    ): Promise<string> {
      const { rows } = await db.query<{ expires_at: Date }>(
        `INSERT INTO login_tokens (token_hash, key_id, created_by, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         RETURNING expires_at`,
        [t.tokenHash, t.keyId, t.createdBy, t.ttlSeconds],
      );
      return rows[0]!.expires_at.toISOString();
    },

    /**
     * Marks the token used and returns its key, in one statement: of two sign-ins racing with the
     * same token, exactly one gets the row. Null for an unknown, used or expired token, or a
     * revoked key.
     */
    async consumeLoginToken(db: Queryable, tokenHash: Buffer): Promise<SessionKey | null> {
      const { rows } = await db.query<{ key_id: string; scopes: Scope[]; model_ids: string[] | null }>(
        `UPDATE login_tokens t SET used_at = now()
           FROM api_keys k
          WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
            AND k.id = t.key_id AND k.revoked_at IS NULL
          RETURNING t.key_id, k.scopes, k.model_ids`,
        [tokenHash],
      );
      const row = rows[0];
      return row ? { keyId: row.key_id, scopes: row.scopes, modelIds: row.model_ids } : null;
    },

    /** Expired sessions and login tokens are of no use to anyone; their audit entries stay. */
    async deleteExpired(db: Queryable): Promise<number> {
      const sessions = await db.query('DELETE FROM sessions WHERE expires_at <= now()');
      const tokens = await db.query('DELETE FROM login_tokens WHERE expires_at <= now()');
      return (sessions.rowCount ?? 0) + (tokens.rowCount ?? 0);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
