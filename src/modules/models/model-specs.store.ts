import type { Queryable } from '../../lib/db.js';
import type { ModelSpec } from '../../domain/model-spec.js';

/**
 * The one reader of model specs for the other modules (issue 13): ingest, references and value
 * read a model's spec through here rather than each querying `models`, so how a spec is stored
 * has one reader outside the registry's own queries. A query that only joins `models` to filter
 * in the same statement stays where it is (src/modules/models/README.md#reading-specs).
 */
export interface ModelSpecRecord {
  id: string;
  /** As accepted by `PUT`, defaults filled in. */
  spec: ModelSpec;
  schemaVersion: number;
  archived: boolean;
}

interface SpecRow {
  id: string;
  spec: ModelSpec;
  schema_version: number;
  archived: boolean;
}

const SPEC_COLUMNS = 'id, spec, schema_version, archived_at IS NOT NULL AS archived';

const toRecord = (row: SpecRow): ModelSpecRecord => ({
  id: row.id,
  spec: row.spec,
  schemaVersion: row.schema_version,
  archived: row.archived,
});

/**
 * One model's spec, archived or not; null when there is no such model. `forUpdate` locks the
 * row for the caller's transaction (a reference upload versions under it).
 */
export async function readModelSpec(
  db: Queryable,
  id: string,
  { forUpdate = false } = {},
): Promise<ModelSpecRecord | null> {
  const { rows } = await db.query<SpecRow>(
    `SELECT ${SPEC_COLUMNS} FROM models WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * The specs of the models in service (not archived, not retired) whose spec declares `field`, in
 * id order. Filtered in SQL so that only those specs travel.
 */
export async function readServingModelSpecs(
  db: Queryable,
  { declaring }: { declaring: keyof ModelSpec },
): Promise<ModelSpecRecord[]> {
  const { rows } = await db.query<SpecRow>(
    `SELECT ${SPEC_COLUMNS} FROM models
      WHERE archived_at IS NULL AND lifecycle_status <> 'retired' AND spec ? $1
      ORDER BY id`,
    [declaring],
  );
  return rows.map(toRecord);
}
