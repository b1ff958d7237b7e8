import { decodeCursor, page } from '../../domain/paging.js';
import { withTransaction, type Pool } from '../../lib/db.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../domain/principal.js';
import type { AuditStore } from '../audit/index.js';
import type { ApiKey, CreatedKey, CreateKeyInput } from './keys.schemas.js';
import type { KeyStore } from './keys.store.js';
import { generateKey, type GeneratedKey } from './keys.token.js';

export interface KeyServiceDeps {
  pool: Pool;
  store: Pick<KeyStore, 'insert' | 'list' | 'findForUpdate' | 'revoke'>;
  audit: Pick<AuditStore, 'insert'>;
  /** Called once a revocation is committed, so this replica stops accepting the key at once. */
  onRevoked(keyId: string): void;
}

/** A key limited to some models may only hand out keys limited to some of those models. */
function assertCanGrant(by: Principal, models: readonly string[] | undefined): void {
  if (by.modelIds === null) return;
  const allowed = new Set(by.modelIds);
  if (!models || models.some((m) => !allowed.has(m))) {
    throw new ForbiddenError(
      `This API key is limited to models ${by.modelIds.join(', ')}; a key it creates must be limited to some of them.`,
    );
  }
}

export function createKeyService({ pool, store, audit, onRevoked }: KeyServiceDeps) {
  return {
    /** Creates a key; the returned `key` is the only time the secret exists outside the caller. */
    async create(input: CreateKeyInput, by: Principal): Promise<CreatedKey> {
      assertCanGrant(by, input.models);
      return withTransaction(pool, async (client) => {
        let generated: GeneratedKey;
        let created: ApiKey | null;
        do {
          generated = generateKey();
          created = await store.insert(client, {
            id: generated.id,
            name: input.name,
            secretHash: generated.hash,
            scopes: input.scopes,
            modelIds: input.models ?? null,
            createdBy: by.keyId,
          });
        } while (!created);
        const after = { name: created.name, scopes: created.scopes, models: created.models };
        await audit.insert(client, {
          apiKeyId: created.id,
          action: 'key_created',
          actor: by.keyId,
          changes: [{ path: '', after }],
          after,
        });
        return { ...created, key: generated.key };
      });
    },

    async list(
      by: Principal,
      query: { includeRevoked: boolean; limit: number; cursor?: string | undefined },
    ): Promise<{ items: ApiKey[]; nextCursor: string | null }> {
      const rows = await store.list(pool, {
        within: by.modelIds,
        includeRevoked: query.includeRevoked,
        afterId: query.cursor === undefined ? null : decodeCursor(query.cursor, 'string'),
        limit: query.limit + 1,
      });
      return page(rows, query.limit, (k) => k.id);
    },

    /** Revoking a revoked key succeeds and changes nothing; an unknown or invisible key is a 404. */
    async revoke(keyId: string, by: Principal): Promise<void> {
      await withTransaction(pool, async (client) => {
        const key = await store.findForUpdate(client, keyId, by.modelIds);
        if (!key) throw new NotFoundError(`API key "${keyId}" not found.`);
        if (key.revokedAt) return;
        const revokedAt = await store.revoke(client, keyId);
        await audit.insert(client, {
          apiKeyId: keyId,
          action: 'key_revoked',
          actor: by.keyId,
          changes: [{ path: '/revokedAt', before: null, after: revokedAt }],
        });
      });
      onRevoked(keyId);
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
