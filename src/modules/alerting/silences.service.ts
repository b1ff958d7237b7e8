import { randomUUID } from 'node:crypto';
import type { Pool } from '../../lib/db.js';
import { decodeCursor, page } from '../../lib/cursor.js';
import { NotFoundError } from '../../lib/errors.js';
import type { CreateSilence, Silence } from './silences.schemas.js';
import type { SilenceState, SilenceStore, StoredSilence } from './silences.store.js';

export interface SilenceServiceDeps {
  pool: Pool;
  store: SilenceStore;
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

/**
 * Silences hold back notifications of the alerts whose labels their matchers match, between
 * startsAt and endsAt. They are checked when a notification is decided (see alerting.service.ts);
 * an alert keeps its state while silenced, and the first evaluation after the silence ends
 * sends what was held back.
 */
export function createSilenceService({ pool, store, now = () => new Date() }: SilenceServiceDeps) {
  return {
    async create(body: CreateSilence, createdBy: string): Promise<Silence> {
      const at = now();
      const silence = await store.insert(pool, {
        id: randomUUID(),
        matchers: body.matchers,
        startsAt: body.startsAt ? new Date(body.startsAt) : at,
        endsAt: new Date(body.endsAt),
        createdBy,
        comment: body.comment,
      });
      return toSilence(silence, at);
    },

    async get(id: string): Promise<Silence> {
      const silence = await store.find(pool, id);
      if (!silence) throw notFound(id);
      return toSilence(silence, now());
    },

    async list(query: { state?: SilenceState | undefined; limit: number; cursor?: string | undefined }) {
      const at = now();
      const rows = await store.list(pool, {
        state: query.state ?? null,
        at,
        afterId: query.cursor === undefined ? null : decodeCursor(query.cursor, 'string'),
        limit: query.limit + 1,
      });
      const result = page(rows, query.limit, (s) => s.id);
      return { items: result.items.map((s) => toSilence(s, at)), nextCursor: result.nextCursor };
    },

    /** Expires a silence now; expiring an expired one changes nothing. */
    async expire(id: string): Promise<Silence> {
      const at = now();
      const expired = (await store.expire(pool, id, at)) ?? (await store.find(pool, id));
      if (!expired) throw notFound(id);
      return toSilence(expired, at);
    },
  };
}

export type SilenceService = ReturnType<typeof createSilenceService>;
