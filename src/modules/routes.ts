import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';

/** Every feature module's routes, under /v1. */
export async function registerRoutes(
  app: FastifyInstance,
  { container: _container }: { container: Container },
): Promise<void> {
  void app;
}
