import { withTransaction, type Pool, type PoolClient } from '../../lib/db.js';
import {
  decodeCursor,
  decodeTimeNameCursor,
  page,
  pageInMemory,
  timeNamePosition,
} from '../../domain/paging.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { LIFECYCLE_MOVES, type LifecycleMove } from './lifecycle.js';
import { jsonDiff, type JsonChange } from '../../lib/json-diff.js';
import type { AuditEntry, AuditStore } from '../audit/index.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { ListModelsQuery, ModelVersion } from './models.schemas.js';
import { modelsAsOf } from './models.history.js';
import type { ModelStore, StoredModel } from './models.store.js';
import { validationPart } from './validation-part.js';

export interface ModelServiceDeps {
  pool: Pool;
  store: ModelStore;
  audit: AuditStore;
  /** A version is live when seen this recently (the status window's length; default an hour). */
  liveSeconds?: number;
  now?: () => number;
}

type Page<T> = { items: T[]; nextCursor: string | null };

const notFound = (modelId: string) => new NotFoundError(`Model "${modelId}" not found.`);

/** Tag filters as one containment object; a key asked for with two values matches nothing. */
function tagContainment(tags: ListModelsQuery['tag']): Record<string, string> | null {
  // A Map, so that keys such as "constructor" or "__proto__" are plain tag names.
  const wanted = new Map<string, string>();
  for (const [key, value] of tags) {
    if (wanted.has(key) && wanted.get(key) !== value) return null;
    wanted.set(key, value);
  }
  return Object.fromEntries(wanted);
}

export function createModelService(deps: ModelServiceDeps) {
  const { pool, store, audit } = deps;
  async function create(client: PoolClient, modelId: string, spec: ModelSpec, actor: string) {
    const model = await store.insert(client, modelId, spec);
    if (!model) return null;
    await audit.insert(client, {
      modelId,
      action: 'created',
      actor,
      changes: jsonDiff({}, spec),
      after: spec,
    });
    return model;
  }

  async function replace(client: PoolClient, existing: StoredModel, spec: ModelSpec, actor: string) {
    const changes: JsonChange[] = jsonDiff(existing.spec, spec);
    if (existing.archivedAt) changes.push({ path: '/archivedAt', before: existing.archivedAt, after: null });
    if (changes.length === 0) return existing;
    const bump = jsonDiff(validationPart(existing.spec), validationPart(spec)).length > 0 ? 1 : 0;
    const model = await store.replace(client, existing.id, spec, existing.schemaVersion + bump);
    await audit.insert(client, {
      modelId: existing.id,
      action: existing.archivedAt ? 'restored' : 'replaced',
      actor,
      changes,
      before: existing.spec,
      after: spec,
    });
    return model;
  }

  return {
    /**
     * Creates or replaces a model. Idempotent: a spec equal to the stored one changes nothing and
     * writes no audit entry. Replacing an archived model restores it.
     */
    async put(
      modelId: string,
      spec: ModelSpec,
      actor: string,
    ): Promise<{ created: boolean; model: StoredModel }> {
      return withTransaction(pool, async (client) => {
        let existing = await store.find(client, modelId, { forUpdate: true });
        if (!existing) {
          const created = await create(client, modelId, spec, actor);
          if (created) return { created: true, model: created };
          // A concurrent PUT created it after our read: its insert has committed, so lock and replace.
          existing = (await store.find(client, modelId, { forUpdate: true }))!;
        }
        return { created: false, model: await replace(client, existing, spec, actor) };
      });
    },

    async get(modelId: string, { includeArchived }: { includeArchived: boolean }): Promise<StoredModel> {
      const model = await store.find(pool, modelId);
      if (!model || (model.archivedAt && !includeArchived)) throw notFound(modelId);
      return model;
    },

    async list(query: ListModelsQuery, visibleIds: readonly string[] | null): Promise<Page<StoredModel>> {
      const tags = tagContainment(query.tag);
      if (!tags) return { items: [], nextCursor: null };
      if (query.asOf !== undefined) {
        const then = (await modelsAsOf(pool, { asOf: new Date(query.asOf), visibleIds })).filter(
          (m) =>
            (query.owner === undefined || m.spec.owner === query.owner) &&
            Object.entries(tags).every(([k, v]) => Object.hasOwn(m.spec.tags, k) && m.spec.tags[k] === v) &&
            (query.includeArchived || m.archivedAt === null),
        );
        return pageInMemory(then, query, (m) => m.id);
      }
      const rows = await store.list(pool, {
        afterId: query.cursor === undefined ? null : decodeCursor(query.cursor, 'string'),
        owner: query.owner ?? null,
        tags,
        includeArchived: query.includeArchived,
        visibleIds,
        limit: query.limit + 1,
      });
      return page(rows, query.limit, (m) => m.id);
    },

    /** Archives a model: it leaves listings and ingest, its data stays until retention. Idempotent. */
    async archive(modelId: string, actor: string): Promise<void> {
      await withTransaction(pool, async (client) => {
        const existing = await store.find(client, modelId, { forUpdate: true });
        if (!existing) throw notFound(modelId);
        if (existing.archivedAt) return;
        const archived = await store.archive(client, modelId);
        const changes = [{ path: '/archivedAt', before: null, after: archived.archivedAt }];
        await audit.insert(client, { modelId, action: 'archived', actor, changes });
      });
    },

    /**
     * Moves the model along its lifecycle (lifecycle.ts LIFECYCLE_MOVES), under the row's lock;
     * a move the lifecycle does not allow is a 409 naming the allowed ones.
     */
    async moveLifecycle(modelId: string, move: LifecycleMove, actor: string): Promise<StoredModel> {
      return withTransaction(pool, async (client) => {
        const existing = await store.find(client, modelId, { forUpdate: true });
        if (!existing) throw notFound(modelId);
        const from = existing.lifecycle.status;
        const allowed = LIFECYCLE_MOVES[from];
        if (!allowed.includes(move.status)) {
          const next = allowed.length === 0 ? 'nowhere: retired is final' : allowed.join(', ');
          throw new ConflictError(`Model "${modelId}" is ${from}; it may move to ${next}.`);
        }
        const moved = await store.moveLifecycle(client, modelId, move.status, actor);
        await audit.insert(client, {
          modelId,
          action: 'lifecycle_moved',
          actor,
          changes: [{ path: '/lifecycle/status', before: from, after: move.status }],
          after: { status: move.status, comment: move.comment },
        });
        return moved;
      });
    },

    /** The model's changes, newest first; archived models keep their history. */
    async audit(
      modelId: string,
      query: { limit: number; cursor?: string | undefined },
    ): Promise<Page<AuditEntry>> {
      const beforeId = query.cursor === undefined ? null : decodeCursor(query.cursor, 'number');
      if (!(await store.find(pool, modelId))) throw notFound(modelId);
      const rows = await audit.listForModel(pool, modelId, { limit: query.limit + 1, beforeId });
      return page(rows, query.limit, (e) => e.id);
    },

    /** The versions seen in the model's traffic, last seen first; archived models keep them. */
    async versions(
      modelId: string,
      query: { limit: number; cursor?: string | undefined },
    ): Promise<Page<ModelVersion>> {
      const position = query.cursor === undefined ? null : decodeTimeNameCursor(query.cursor);
      if (!(await store.find(pool, modelId))) throw notFound(modelId);
      const rows = await store.listVersions(pool, modelId, {
        after: position && { lastSeen: position.at, version: position.name },
        limit: query.limit + 1,
      });
      const since = (deps.now ?? Date.now)() - (deps.liveSeconds ?? 3600) * 1000;
      const live = rows.map((v) => ({ ...v, live: Date.parse(v.lastSeen) >= since }));
      return page(live, query.limit, (v) => timeNamePosition(v.lastSeen, v.version));
    },
  };
}

export type ModelService = ReturnType<typeof createModelService>;
