import { withTransaction, type Pool, type Queryable } from '../../lib/db.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../domain/principal.js';
import type { Authenticate, ConsoleSession } from '../../http/plugins/auth.js';
import type { AuditStore } from '../audit/index.js';
import { BOOTSTRAP_PRINCIPAL } from '../keys/index.js';
import type { CurrentSession, LoginToken, SessionInfo, SignInInput } from './sessions.schemas.js';
import type { SessionKey, SessionStore } from './sessions.store.js';
import { csrfToken, generateSecret, generateSessionId, hashSecret } from './sessions.token.js';

export interface SessionServiceDeps {
  pool: Pool;
  store: SessionStore;
  audit: Pick<AuditStore, 'insert'>;
  /** Resolves an API key exactly as the bearer path does (keys.auth.ts). */
  authenticateKey: Authenticate;
  ttlHours: number;
  /** Where people reach the service: login links point at its console. */
  publicUrl: string;
  now?: () => number;
}

/** A session the cookie's value opened: who it acts as, and the session itself. */
export interface OpenedSession {
  principal: Principal;
  session: SessionInfo;
}

const TOUCH_INTERVAL_MS = 60_000;

const keyOfPrincipal = (p: Principal): SessionKey => ({
  keyId: p.keyId,
  scopes: [...p.scopes],
  modelIds: p.modelIds && [...p.modelIds],
});

const describe = (session: ConsoleSession, key: SessionKey, secret: string): CurrentSession => ({
  id: session.id,
  keyId: key.keyId,
  scopes: key.scopes,
  models: key.modelIds,
  expiresAt: session.expiresAt,
  csrfToken: csrfToken(secret),
});

export function createSessionService(deps: SessionServiceDeps) {
  const { pool, store, audit, now = Date.now } = deps;

  /** The key an API key or a login token signs in as; null when neither is valid. */
  async function keyOf(input: SignInInput, db: Queryable): Promise<SessionKey | null> {
    if ('loginToken' in input) {
      const hash = hashSecret(input.loginToken);
      return hash ? store.consumeLoginToken(db, hash) : null;
    }
    const principal = await deps.authenticateKey(input.apiKey);
    if (!principal) return null;
    // It lives in the configuration, not in api_keys: a session could not follow its revocation.
    if (principal === BOOTSTRAP_PRINCIPAL) {
      throw new ForbiddenError(
        'The bootstrap ADMIN_API_KEY cannot open a console session; create an API key (modelwatch keys create) and sign in with it.',
      );
    }
    return keyOfPrincipal(principal);
  }

  return {
    /** Null for a bad key or token (the caller charges the failure); the secret goes in the cookie. */
    async signIn(
      input: SignInInput,
      { userAgent }: { userAgent: string | null },
    ): Promise<{ secret: string; session: CurrentSession } | null> {
      return withTransaction(pool, async (client) => {
        const key = await keyOf(input, client);
        if (!key) return null;
        const secret = generateSecret();
        let created: SessionInfo | null;
        do {
          created = await store.insert(client, {
            id: generateSessionId(),
            secretHash: hashSecret(secret)!,
            keyId: key.keyId,
            ttlHours: deps.ttlHours,
            userAgent: userAgent?.slice(0, 500) ?? null,
          });
        } while (!created);
        await audit.insert(client, {
          apiKeyId: key.keyId,
          subject: `session:${created.id}`,
          action: 'session_created',
          actor: key.keyId,
          changes: [{ path: '', after: { via: 'loginToken' in input ? 'login_token' : 'api_key' } }],
        });
        return { secret, session: describe(created, key, secret) };
      });
    },

    /** The live session the cookie's value opens, with its key as it is now; null when none. */
    async authenticate(secret: string): Promise<OpenedSession | null> {
      const hash = hashSecret(secret);
      const live = hash ? await store.findLive(pool, hash) : null;
      if (!live) return null;
      const seen = live.session.lastSeenAt ? Date.parse(live.session.lastSeenAt) : 0;
      if (now() - seen >= TOUCH_INTERVAL_MS) await store.touch(pool, live.session.id);
      const { keyId } = live.session;
      return { principal: { keyId, scopes: live.scopes, modelIds: live.modelIds }, session: live.session };
    },

    /** What GET /v1/sessions/current answers: the session, its key's rights, a fresh CSRF token. */
    current(
      { principal, session }: { principal: Principal; session: ConsoleSession },
      secret: string,
    ): CurrentSession {
      return describe(session, keyOfPrincipal(principal), secret);
    },

    async list(by: Principal): Promise<{ items: SessionInfo[] }> {
      return { items: await store.listLive(pool, by.modelIds) };
    },

    /** Revoking a revoked session succeeds and changes nothing; one out of reach is a 404. */
    async revoke(sessionId: string, by: Principal): Promise<void> {
      await withTransaction(pool, async (client) => {
        const session = await store.findForUpdate(client, sessionId, by.modelIds);
        if (!session) throw new NotFoundError(`Session "${sessionId}" not found.`);
        if (session.revoked) return;
        const revokedAt = await store.revoke(client, sessionId);
        await audit.insert(client, {
          apiKeyId: session.keyId,
          subject: `session:${sessionId}`,
          action: 'session_revoked',
          actor: by.keyId,
          changes: [{ path: '/revokedAt', before: null, after: revokedAt }],
        });
      });
    },

    /**
     * A one-time login link for a key the caller reaches. A key limited to models may only make
     * links for keys limited to some of them; the refusal names only its own models, so it reads
     * the same whether the other key exists or not.
     */
    async createLoginToken(input: { keyId: string; ttlSeconds: number }, by: Principal): Promise<LoginToken> {
      return withTransaction(pool, async (client) => {
        const key = await store.findKey(client, input.keyId, by.modelIds);
        if (!key && by.modelIds !== null) {
          throw new ForbiddenError(
            `This API key is limited to models ${by.modelIds.join(', ')}; a login link must be for a key limited to some of them.`,
          );
        }
        if (!key) throw new NotFoundError(`API key "${input.keyId}" not found (or revoked).`);
        const token = generateSecret();
        const expiresAt = await store.insertLoginToken(client, {
          tokenHash: hashSecret(token)!,
          keyId: key.keyId,
          createdBy: by.keyId,
          ttlSeconds: input.ttlSeconds,
        });
        await audit.insert(client, {
          apiKeyId: key.keyId,
          action: 'login_token_created',
          actor: by.keyId,
          changes: [{ path: '/expiresAt', after: expiresAt }],
        });
        const base = deps.publicUrl.replace(/\/+$/, '');
        return { token, expiresAt, url: `${base}/ui/login#token=${token}` };
      });
    },

    /** Deletes expired sessions and login tokens (a worker chore). */
    expire: () => store.deleteExpired(pool),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
