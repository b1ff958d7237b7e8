import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { DATE_RANGE } from '../../lib/api-time.js';

export const OPENAPI_INFO = {
  title: 'modelwatch API',
  version: '1',
  description:
    'Always-on monitoring of machine-learning models: ingest predictions and outcomes, read drift, quality and performance. Errors are RFC 9457 application/problem+json. ' +
    'Text in paths, query strings and bodies must be Unicode without NUL characters or lone surrogates; ' +
    `every date-time is RFC 3339 within ${DATE_RANGE} (400 otherwise, naming the field).`,
};

/** OpenAPI generated from the zod route schemas; served as a UI at /docs and as JSON at /docs/json. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: mw_…' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // The UI's routes take no config of ours; they are public like the document they show.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
}
