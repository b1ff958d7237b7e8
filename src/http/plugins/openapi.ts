import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { DATE_RANGE } from '../../lib/api-time.js';
import type { Access } from './access.js';
import { OPERATIONS } from './openapi-operations.js';
import { finishDocument } from './openapi-document.js';

export const OPENAPI_INFO = {
  title: 'modelwatch API',
  version: '1',
  license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
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
      servers: [
        {
          url: 'http://127.0.0.1:8080',
          description: 'A local modelwatch (`npm start`, `npm run demo`); in production, your PUBLIC_URL',
        },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: mw_…' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'mw_session',
            description:
              'A console session (POST /v1/sessions); with it, POST, PUT, PATCH and DELETE also need the ' +
              "session's CSRF token in the X-CSRF-Token header (docs/console.md). A bearer key wins when both are sent.",
          },
        },
      },
    },
    transform: (input) => describeOperation(input, jsonSchemaTransform(input)),
    transformObject: (input) =>
      finishDocument(jsonSchemaTransformObject(input) as OpenApiDocument) as ReturnType<
        typeof jsonSchemaTransformObject
      >,
  });
  // The UI's routes take no config of ours; they are public like the document they show.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
}

/** Who may call a route, by its access policy: every route that names a scope takes a key or a session. */
const SECURITY: Record<Access, Record<string, string[]>[]> = {
  public: [],
  session: [{ session: [] }],
  model: [{ bearer: [] }, { session: [] }],
  scoped: [{ bearer: [] }, { session: [] }],
  fleet: [{ bearer: [] }, { session: [] }],
};

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & {
  route?: { method: string | string[]; config?: { access?: Access } };
};
type Transformed = ReturnType<typeof jsonSchemaTransform>;
type OpenApiDocument = Parameters<typeof finishDocument>[0];

/**
 * Adds what the route schemas leave to one place: the operationId and success descriptions
 * (openapi-operations.ts), and the security requirement, derived from the route's access policy
 * so that the document cannot disagree with what is enforced: none on public routes, the session
 * cookie on the caller's own session, a bearer key or a session cookie on every other.
 */
function describeOperation(input: TransformInput, out: Transformed): Transformed {
  const schema = out.schema as Record<string, unknown>;
  if (schema.hide) return out;
  const methods = input.route?.method ?? [];
  const method = (Array.isArray(methods) ? methods[0]! : methods).toUpperCase();
  const key = `${method} ${out.url.replace(/:(\w+)/g, '{$1}')}`;
  const doc = OPERATIONS[key];
  if (!doc)
    throw new Error(`${key} has no entry in openapi-operations.ts (operationId, success descriptions)`);
  schema.operationId = doc.id;
  schema.security = SECURITY[input.route?.config?.access ?? 'scoped'];
  const responses = (schema.response ?? {}) as Record<string, Record<string, unknown>>;
  for (const [status, description] of Object.entries(doc.responses)) {
    const response = responses[status];
    if (!response)
      throw new Error(`${key}: openapi-operations.ts describes ${status}, which the route does not answer`);
    // The first key serves inline schemas, the second a schema that is only a $ref.
    response['x-response-description'] = description;
    response.description = description;
  }
  return out;
}
