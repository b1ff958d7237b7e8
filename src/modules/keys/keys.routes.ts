import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import { principalOf } from '../../http/plugins/auth.js';
import {
  createdKeySchema,
  createKeyBodySchema,
  keyListSchema,
  keyParamsSchema,
  listKeysQuerySchema,
} from './keys.schemas.js';
import type { KeyService } from './keys.service.js';

const TAGS = ['api-keys'];

export const keysRoutes: FastifyPluginAsyncZod<{ keys: KeyService }> = async (app, { keys }) => {
  app.post(
    '/api-keys',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Create an API key; the key is in this response only',
        body: createKeyBodySchema,
        response: { 201: createdKeySchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const created = await keys.create(request.body, principalOf(request));
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api-keys',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'List API keys (never their secrets)',
        querystring: listKeysQuerySchema,
        response: { 200: keyListSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => keys.list(principalOf(request), request.query),
  );

  app.delete(
    '/api-keys/:keyId',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Revoke an API key; requests with it get 401 from then on',
        params: keyParamsSchema,
        response: { 204: z.null().describe('Revoked'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await keys.revoke(request.params.keyId, principalOf(request));
      return reply.code(204).send(null);
    },
  );
};
