import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import { ingestRoutes } from './ingest/ingest.routes.js';
import { keysRoutes } from './keys/keys.routes.js';
import { modelsRoutes } from './models/models.routes.js';

/** Every feature module's routes, under /v1. */
export async function registerRoutes(
  app: FastifyInstance,
  { container }: { container: Container },
): Promise<void> {
  await app.register(keysRoutes, { prefix: '/v1', keys: container.keys });
  await app.register(modelsRoutes, { prefix: '/v1', models: container.models });
  await app.register(ingestRoutes, {
    prefix: '/v1',
    service: container.ingest,
    bodyLimit: container.config.BODY_LIMIT,
  });
}
