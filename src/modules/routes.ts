import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import { alertingRoutes } from './alerting/alerting.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { evaluationRoutes } from './evaluation/evaluation.routes.js';
import { sliceRoutes } from './evaluation/slices.routes.js';
import { evidenceRoutes } from './evidence/evidence.routes.js';
import { featureRoutes } from './features/features.routes.js';
import { fleetRoutes } from './fleet/fleet.routes.js';
import { ingestRoutes } from './ingest/ingest.routes.js';
import { keysRoutes } from './keys/keys.routes.js';
import { modelsRoutes } from './models/models.routes.js';
import { referencesRoutes } from './references/references.routes.js';
import { sessionsRoutes } from './sessions/sessions.routes.js';

/** Every feature module's routes, under /v1. */
export async function registerRoutes(
  app: FastifyInstance,
  { container }: { container: Container },
): Promise<void> {
  await app.register(keysRoutes, { prefix: '/v1', keys: container.keys });
  await app.register(sessionsRoutes, {
    prefix: '/v1',
    sessions: container.sessions,
    guard: { isKnown: container.isKnownKey, failures: container.authFailures },
    publicUrl: container.config.PUBLIC_URL,
  });
  await app.register(auditRoutes, { prefix: '/v1', pool: container.pool, audit: container.audit });
  await app.register(modelsRoutes, { prefix: '/v1', models: container.models });
  await app.register(ingestRoutes, {
    prefix: '/v1',
    service: container.ingest,
    admission: container.ingestAdmission,
    bodyLimit: container.config.BODY_LIMIT,
  });
  await app.register(referencesRoutes, {
    prefix: '/v1',
    references: container.references,
    bodyLimit: container.config.REFERENCE_BODY_LIMIT,
  });
  await app.register(evaluationRoutes, { prefix: '/v1', evaluations: container.evaluations });
  await app.register(sliceRoutes, { prefix: '/v1', slices: container.sliceReads });
  await app.register(featureRoutes, { prefix: '/v1', features: container.features });
  await app.register(fleetRoutes, { prefix: '/v1', fleet: container.fleet });
  await app.register(evidenceRoutes, { prefix: '/v1', evidence: container.evidence });
  await app.register(alertingRoutes, { prefix: '/v1', api: container.alerting });
}
