import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../lib/problem.js';
import { principalOf } from '../../../http/plugins/auth.js';
import {
  createSilenceSchema,
  listSilencesQuerySchema,
  silencePageSchema,
  silenceParamsSchema,
  silenceSchema,
} from './silences.schemas.js';
import type { SilenceService } from './silences.service.js';

const TAGS = ['alerting'];

export const silencesRoutes: FastifyPluginAsyncZod<{ silences: SilenceService }> = async (
  app,
  { silences },
) => {
  app.post(
    '/silences',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Silence the notifications of alerts whose labels match, for a while',
        description:
          'Matchers work as in Alertmanager (=, !=, =~, !~; a regex matches the whole value). Alerts keep their state; notifications held back are sent at the first evaluation after the silence ends. A key limited to models may only create silences that pin models it holds: a matcher model="…" naming one, and no other matcher on model (403 otherwise).',
        body: createSilenceSchema,
        response: { 201: silenceSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await silences.create(request.body, principalOf(request))),
  );

  app.get(
    '/silences',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'List silences, newest first',
        description:
          'A key limited to models sees only the silences pinned to models it holds (a matcher model="…" naming one, and no other matcher on model).',
        querystring: listSilencesQuerySchema,
        response: { 200: silencePageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => silences.list(request.query, principalOf(request)),
  );

  app.get(
    '/silences/:silenceId',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Read a silence',
        params: silenceParamsSchema,
        response: { 200: silenceSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => silences.get(request.params.silenceId, principalOf(request)),
  );

  app.delete(
    '/silences/:silenceId',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Expire a silence now (it is kept, expired, for the record)',
        params: silenceParamsSchema,
        response: { 200: silenceSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => silences.expire(request.params.silenceId, principalOf(request)),
  );
};
