import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool } from '../../../lib/db.js';
import type { AuditStore } from '../../audit/index.js';
import { decodeCursor, page } from '../../../domain/paging.js';
import { NotFoundError } from '../../../lib/errors.js';
import { assertMayWrite, mayAccess } from '../../../http/plugins/access.js';
import type { Principal } from '../../../domain/principal.js';
import { pinnedModels } from './silences.match.js';
import type { CreateSilence, Silence } from './silences.schemas.js';
import type { SilenceState, SilenceStore, StoredSilence } from './silences.store.js';

export interface SilenceServiceDeps {
  pool: Pool;
  store: SilenceStore;
  audit: AuditStore;
  now?: () => Date;
}

function stateAt(s: StoredSilence, at: Date): SilenceState {
  if (s.startsAt > at) return 'pending';
  return s.endsAt > at ? 'active' : 'expired';
}

const toSilence = (s: StoredSilence, at: Date): Silence => ({
  id: s.id,
  matchers: s.matchers,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  createdBy: s.createdBy,
  comment: s.comment,
  createdAt: s.createdAt.toISOString(),
  state: stateAt(s, at),
});

const notFound = (id: string) => new NotFoundError(`Silence "${id}" not found.`);
const PIN_OWN_MODEL =
  'a silence it creates must pin them: a matcher model="…" naming one of them, and no other matcher on model';

/**
 * Silences hold back notifications of the alerts whose labels their matchers match, between
 * startsAt and endsAt. They are checked when a notification is decided (see alerting.service.ts);
 * an alert keeps its state while silenced, and the first evaluation after the silence ends
 * sends what was held back. A key limited to models reaches only the silences pinned to models it
 * holds (pinnedModels); the others may match any model and need a key not limited to models.
 */
export function createSilenceService({ pool, store, audit, now = () => new Date() }: SilenceServiceDeps) {
  async function visible(id: string, principal: Principal): Promise<StoredSilence> {
    const silence = await store.find(pool, id);
    if (!silence || !mayAccess(principal, silence.models)) throw notFound(id);
    return silence;
  }

  return {
    async create(body: CreateSilence, principal: Principal): Promise<Silence> {
      const models = pinnedModels(body.matchers);
      assertMayWrite(principal, models, PIN_OWN_MODEL);
      const at = now();
      const silence = await withTransaction(pool, async (client) => {
        const created = await store.insert(client, {
          id: randomUUID(),
          matchers: body.matchers,
          models,
          startsAt: body.startsAt ? new Date(body.startsAt) : at,
          endsAt: new Date(body.endsAt),
          createdBy: principal.keyId,
          comment: body.comment,
        });
        const { id, createdAt: _createdAt, ...after } = toSilence(created, at);
        await audit.insert(client, {
          subject: `silence:${id}`,
          action: 'silence_created',
          actor: principal.keyId,
          changes: [{ path: '', after }],
          after,
        });
        return created;
      });
      return toSilence(silence, at);
    },

    async get(id: string, principal: Principal): Promise<Silence> {
      return toSilence(await visible(id, principal), now());
    },

    async list(
      query: { state?: SilenceState | undefined; limit: number; cursor?: string | undefined },
      principal: Principal,
    ) {
      const at = now();
      const rows = await store.list(pool, {
        state: query.state ?? null,
        at,
        within: principal.modelIds,
        afterId: query.cursor === undefined ? null : decodeCursor(query.cursor, 'string'),
        limit: query.limit + 1,
      });
      const result = page(rows, query.limit, (s) => s.id);
      return { items: result.items.map((s) => toSilence(s, at)), nextCursor: result.nextCursor };
    },

    /** Expires a silence now; expiring an expired one changes nothing. Its matchers never change. */
    async expire(id: string, principal: Principal): Promise<Silence> {
      const before = await visible(id, principal);
      const at = now();
      const expired = await withTransaction(pool, async (client) => {
        const changed = await store.expire(client, id, at);
        if (changed) {
          const path = '/endsAt';
          const change = { path, before: before.endsAt.toISOString(), after: changed.endsAt.toISOString() };
          await audit.insert(client, {
            subject: `silence:${id}`,
            action: 'silence_expired',
            actor: principal.keyId,
            changes: [change],
          });
        }
        return changed ?? (await store.find(client, id));
      });
      if (!expired) throw notFound(id);
      return toSilence(expired, at);
    },
  };
}

export type SilenceService = ReturnType<typeof createSilenceService>;
