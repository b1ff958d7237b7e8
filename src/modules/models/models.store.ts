import type { Queryable } from '../../lib/db.js';
import type { Lifecycle, LifecycleStatus } from './lifecycle.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { ModelVersion } from './models.schemas.js';

/** A models row: the spec as accepted, and the registry's own fields. Times are ISO 8601. */
export interface StoredModel {
  id: string;
  spec: ModelSpec;
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  lifecycle: Lifecycle;
}

export interface ModelFilter {
  /** Ids after this one (keyset pagination in id order). */
  afterId: string | null;
  owner: string | null;
  /** Every pair must be among the model's tags. */
  tags: Record<string, string>;
  includeArchived: boolean;
  /** The models a limited key may see; null for every model. */
  visibleIds: readonly string[] | null;
  limit: number;
}

interface ModelRow {
  id: string;
  spec: ModelSpec;
  schema_version: number;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
  lifecycle_status: LifecycleStatus;
  lifecycle_changed_by: string | null;
  lifecycle_changed_at: Date | null;
}

const COLUMNS =
  'id, spec, schema_version, created_at, updated_at, archived_at, lifecycle_status, lifecycle_changed_by, lifecycle_changed_at';

const toModel = (row: ModelRow): StoredModel => ({
  id: row.id,
  spec: row.spec,
  schemaVersion: row.schema_version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  archivedAt: row.archived_at?.toISOString() ?? null,
  lifecycle: {
    status: row.lifecycle_status,
    changedBy: row.lifecycle_changed_by,
    changedAt: row.lifecycle_changed_at?.toISOString() ?? null,
  },
});

/** The columns kept beside the spec so that listing can filter on them with an index. */
const indexed = (spec: ModelSpec) => [
  spec.name,
  spec.task,
  JSON.stringify(spec),
  spec.owner ?? null,
  spec.riskTier ?? null,
  JSON.stringify(spec.tags),
];

export function createModelStore() {
  return {
    async find(db: Queryable, id: string, { forUpdate = false } = {}): Promise<StoredModel | null> {
      const { rows } = await db.query<ModelRow>(
        `SELECT ${COLUMNS} FROM models WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] ? toModel(rows[0]) : null;
    },

    /** Null when a concurrent request created the model first. */
    async insert(db: Queryable, id: string, spec: ModelSpec): Promise<StoredModel | null> {
      const { rows } = await db.query<ModelRow>(
        `INSERT INTO models (id, name, task, spec, owner, risk_tier, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [id, ...indexed(spec)],
      );
      return rows[0] ? toModel(rows[0]) : null;
    },

    /** Replaces the spec; an archived model is restored. */
    async replace(db: Queryable, id: string, spec: ModelSpec, schemaVersion: number): Promise<StoredModel> {
      const { rows } = await db.query<ModelRow>(
        `UPDATE models
            SET name = $2, task = $3, spec = $4, owner = $5, risk_tier = $6, tags = $7,
                schema_version = $8, updated_at = now(), archived_at = NULL
          WHERE id = $1
          RETURNING ${COLUMNS}`,
        [id, ...indexed(spec), schemaVersion],
      );
      return toModel(rows[0]!);
    },

    async archive(db: Queryable, id: string): Promise<StoredModel> {
      const { rows } = await db.query<ModelRow>(
        `UPDATE models SET archived_at = now(), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      return toModel(rows[0]!);
    },

    async moveLifecycle(
      db: Queryable,
      id: string,
      status: LifecycleStatus,
      by: string,
    ): Promise<StoredModel> {
      const { rows } = await db.query<ModelRow>(
        `UPDATE models
            SET lifecycle_status = $2, lifecycle_changed_by = $3, lifecycle_changed_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, status, by],
      );
      return toModel(rows[0]!);
    },

    async list(db: Queryable, filter: ModelFilter): Promise<StoredModel[]> {
      const { rows } = await db.query<ModelRow>(
        `SELECT ${COLUMNS} FROM models
          WHERE ($1::text IS NULL OR id > $1)
            AND ($2::text IS NULL OR owner = $2)
            AND tags @> $3::jsonb
            AND ($4 OR archived_at IS NULL)
            AND ($5::text[] IS NULL OR id = ANY ($5::text[]))
          ORDER BY id
          LIMIT $6`,
        [
          filter.afterId,
          filter.owner,
          JSON.stringify(filter.tags),
          filter.includeArchived,
          filter.visibleIds,
          filter.limit,
        ],
      );
      return rows.map(toModel);
    },

    /**
     * The model's versions, last seen first (ties in version order), after `after` if given. A
     * model has few versions: they are sorted from its primary-key range, without an index.
     */
    async listVersions(
      db: Queryable,
      modelId: string,
      { after, limit }: { after: { lastSeen: Date; version: string } | null; limit: number },
    ): Promise<Omit<ModelVersion, 'live'>[]> {
      const { rows } = await db.query<{
        version: string;
        first_seen: Date;
        last_seen: Date;
        predictions: string;
      }>(
        `SELECT version, first_seen, last_seen, predictions FROM model_versions
          WHERE model_id = $1
            AND ($2::timestamptz IS NULL OR last_seen < $2 OR (last_seen = $2 AND version > $3))
          ORDER BY last_seen DESC, version
          LIMIT $4`,
        [modelId, after?.lastSeen ?? null, after?.version ?? null, limit],
      );
      return rows.map((r) => ({
        version: r.version,
        firstSeen: r.first_seen.toISOString(),
        lastSeen: r.last_seen.toISOString(),
        predictions: Number(r.predictions),
      }));
    },
  };
}

export type ModelStore = ReturnType<typeof createModelStore>;
