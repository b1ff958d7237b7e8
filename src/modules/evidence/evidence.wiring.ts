import type { Pool } from '../../lib/db.js';
import { createAlertStore, createNotificationStore, createRuleStore } from '../alerting/index.js';
import { createAuditStore } from '../audit/index.js';
import { createIncidentsStore, createResponseReport } from '../fleet/index.js';
import type { ModelService } from '../models/index.js';
import { referencesStore } from '../references/index.js';
import { createEvidenceService, type EvidenceService } from './evidence.service.js';
import { createEvidenceStore } from './evidence.store.js';

/**
 * The evidence service on its stores: built by container.ts for the API and by
 * `modelwatch evidence`, which reads the database without the rest of the service.
 */
export function createEvidence(deps: {
  pool: Pool;
  models: Pick<ModelService, 'get'>;
  windows: readonly string[];
  maxEpisodes?: number;
  now?: () => Date;
}): EvidenceService {
  const now = deps.now ?? (() => new Date());
  return createEvidenceService({
    pool: deps.pool,
    store: createEvidenceStore(),
    models: deps.models,
    references: referencesStore,
    audit: createAuditStore(),
    rules: createRuleStore(),
    alerts: createAlertStore(),
    notifications: createNotificationStore(),
    response: createResponseReport({ db: deps.pool, store: createIncidentsStore(), now }),
    windows: deps.windows,
    ...(deps.maxEpisodes === undefined ? {} : { maxEpisodes: deps.maxEpisodes }),
    now,
  });
}
