import type { Queryable } from '../../lib/db.js';
import { readModelSpec } from '../models/index.js';
import type { CbpeCalibration } from '../../stats/cbpe/index.js';
import type { RealizedPerformance } from '../../stats/performance/index.js';
import type { ReferenceProfiles } from './references.schemas.js';

/** A model_references row. Times are ISO 8601. */
export interface StoredReference {
  id: number;
  modelId: string;
  version: number;
  /** The model version it is the reference of; null for the model's own. */
  modelVersion: string | null;
  source: 'rows' | 'traffic';
  range: { from: string; to: string } | null;
  task: string;
  rows: number;
  labelled: number;
  profiles: ReferenceProfiles;
  cbpe: CbpeCalibration | null;
  performance: RealizedPerformance | null;
  createdBy: string;
  createdAt: string;
}

export type NewReference = Omit<StoredReference, 'id' | 'version' | 'createdAt'>;

interface ReferenceRow {
  id: number;
  model_id: string;
  version: number;
  model_version: string | null;
  source: 'rows' | 'traffic';
  range_from: Date | null;
  range_to: Date | null;
  task: string;
  rows: number;
  labelled: number;
  profile: ReferenceProfiles;
  cbpe: CbpeCalibration | null;
  performance: RealizedPerformance | null;
  created_by: string;
  created_at: Date;
}

const COLUMNS =
  'id, model_id, version, model_version, source, range_from, range_to, task, rows, labelled, profile, cbpe, performance, created_by, created_at';

const toReference = (row: ReferenceRow): StoredReference => ({
  id: row.id,
  modelId: row.model_id,
  version: row.version,
  modelVersion: row.model_version,
  source: row.source,
  range:
    row.range_from && row.range_to
      ? { from: row.range_from.toISOString(), to: row.range_to.toISOString() }
      : null,
  task: row.task,
  rows: row.rows,
  labelled: row.labelled,
  profiles: row.profile,
  cbpe: row.cbpe,
  performance: row.performance,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

export const referencesStore = {
  /**
   * Inserts the next version. Run in the transaction that locked the model row, so two uploads
   * for one model get versions n and n + 1 rather than a unique violation.
   */
  async insert(db: Queryable, ref: NewReference): Promise<StoredReference> {
    const { rows } = await db.query<ReferenceRow>(
      `INSERT INTO model_references
         (model_id, version, model_version, source, range_from, range_to, task, rows, labelled, profile, cbpe, performance, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, $12, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
         FROM model_references WHERE model_id = $1
       RETURNING ${COLUMNS}`,
      [
        ref.modelId,
        ref.source,
        ref.range?.from ?? null,
        ref.range?.to ?? null,
        ref.task,
        ref.rows,
        ref.labelled,
        JSON.stringify(ref.profiles),
        ref.cbpe === null ? null : JSON.stringify(ref.cbpe),
        ref.performance === null ? null : JSON.stringify(ref.performance),
        ref.createdBy,
        ref.modelVersion,
      ],
    );
    return toReference(rows[0]!);
  },

  async insertSummaries(db: Queryable, referenceId: number, summaries: ReadonlyMap<string, Uint8Array>) {
    if (summaries.size === 0) return;
    await db.query(
      `INSERT INTO reference_summaries (reference_id, key, bytes)
       SELECT $1, key, bytes FROM unnest($2::text[], $3::bytea[]) AS t(key, bytes)`,
      [referenceId, [...summaries.keys()], [...summaries.values()].map((b) => Buffer.from(b))],
    );
  },

  /** The highest version of the model's own reference, or of one model version's; null if none. */
  async current(
    db: Queryable,
    modelId: string,
    modelVersion: string | null = null,
  ): Promise<StoredReference | null> {
    const { rows } = await db.query<ReferenceRow>(
      `SELECT ${COLUMNS} FROM model_references
        WHERE model_id = $1 AND model_version IS NOT DISTINCT FROM $2 ORDER BY version DESC LIMIT 1`,
      [modelId, modelVersion],
    );
    return rows[0] ? toReference(rows[0]) : null;
  },

  /**
   * What a model version is judged against: its own current reference, else the model's (one
   * query: a version's rows sort before the model's).
   */
  async currentFor(db: Queryable, modelId: string, modelVersion: string): Promise<StoredReference | null> {
    const { rows } = await db.query<ReferenceRow>(
      `SELECT ${COLUMNS} FROM model_references
        WHERE model_id = $1 AND (model_version IS NULL OR model_version = $2)
        ORDER BY model_version IS NULL, version DESC LIMIT 1`,
      [modelId, modelVersion],
    );
    return rows[0] ? toReference(rows[0]) : null;
  },

  async summaries(db: Queryable, referenceId: number): Promise<Map<string, Uint8Array>> {
    const { rows } = await db.query<{ key: string; bytes: Buffer }>(
      'SELECT key, bytes FROM reference_summaries WHERE reference_id = $1',
      [referenceId],
    );
    return new Map(rows.map((r) => [r.key, new Uint8Array(r.bytes)]));
  },

  /** Locks the model row (FOR UPDATE) so that concurrent uploads are versioned one after the other. */
  async lockModel(db: Queryable, modelId: string): Promise<{ spec: unknown; archived: boolean } | null> {
    return readModelSpec(db, modelId, { forUpdate: true });
  },
};

export type ReferencesStore = typeof referencesStore;
