import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import { alertingRoutes } from './alerting/index.js';
import { auditRoutes } from './audit/index.js';
import { evaluationRoutes, sliceRoutes } from './evaluation/index.js';
import { evidenceRoutes } from './evidence/index.js';
import { featureRoutes } from './features/index.js';
import { fleetRoutes } from './fleet/index.js';
import { ingestRoutes } from './ingest/index.js';
import { keysRoutes } from './keys/index.js';
import { modelsRoutes } from './models/index.js';
import { referencesRoutes } from './references/index.js';
import { sessionsRoutes } from './sessions/index.js';

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
