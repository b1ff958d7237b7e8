import type { Queryable } from '../../lib/db.js';
import { jsonDiff } from '../../lib/json-diff.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { LifecycleStatus } from './lifecycle.js';
import type { StoredModel } from './models.store.js';
import { validationPart } from './validation-part.js';

interface HistoryRow {
  model_id: string;
  action: 'created' | 'replaced' | 'restored' | 'archived' | 'lifecycle_moved';
  actor: string;
  at: Date;
  after: ModelSpec | { status: LifecycleStatus } | null;
}

/**
 * The registry as it was at `asOf`, replayed from the audit log (README.md "As of"): each model's
 * spec from its last creation, replacement or restoration by then, archived if its last entry
 * was an archiving, its lifecycle after its last move, and its schema version bumped as the service
 * bumps it. Models a key may not
 * see are left out; a model created after `asOf` did not exist yet.
 */
export async function modelsAsOf(
  db: Queryable,
  q: { asOf: Date; visibleIds: readonly string[] | null },
): Promise<StoredModel[]> {
  // Times are given in milliseconds, as the API writes them; entries carry microseconds.
  const { rows } = await db.query<HistoryRow>(
    `SELECT model_id, action, actor, at, after FROM audit_log
      WHERE model_id IS NOT NULL AND date_trunc('milliseconds', at) <= $1
        AND action IN ('created', 'replaced', 'restored', 'archived', 'lifecycle_moved')
        AND ($2::text[] IS NULL OR model_id = ANY ($2::text[]))
      ORDER BY model_id, id`,
    [q.asOf, q.visibleIds],
  );
  const models = new Map<string, StoredModel>();
  for (const row of rows) {
    const at = row.at.toISOString();
    const previous = models.get(row.model_id);
    if (row.action === 'archived') {
      if (previous) models.set(row.model_id, { ...previous, archivedAt: at, updatedAt: at });
      continue;
    }
    if (row.action === 'lifecycle_moved') {
      const { status } = row.after as { status: LifecycleStatus };
      const lifecycle = { status, changedBy: row.actor, changedAt: at };
      if (previous) models.set(row.model_id, { ...previous, lifecycle });
      continue;
    }
    const spec = row.after as ModelSpec;
    if (!previous) {
      models.set(row.model_id, {
        id: row.model_id,
        spec,
        schemaVersion: 1,
        createdAt: at,
        updatedAt: at,
        archivedAt: null,
        lifecycle: { status: 'development', changedBy: null, changedAt: null },
      });
      continue;
    }
    const bump = jsonDiff(validationPart(previous.spec), validationPart(spec)).length > 0 ? 1 : 0;
    models.set(row.model_id, {
      ...previous,
      spec,
      schemaVersion: previous.schemaVersion + bump,
      updatedAt: at,
      archivedAt: null,
    });
  }
  return [...models.values()];
}
