import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import { ingestRoutes } from './ingest/ingest.routes.js';

/** Every feature module's routes, under /v1. */
export async function registerRoutes(
  app: FastifyInstance,
  { container }: { container: Container },
): Promise<void> {
  await app.register(ingestRoutes, { service: container.ingest, bodyLimit: container.config.BODY_LIMIT });
}
