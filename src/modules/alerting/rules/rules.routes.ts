import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../lib/problem.js';
import { principalOf } from '../../../http/plugins/auth.js';
import { pageInMemory, pageQuerySchema } from '../../../domain/paging.js';
import { ruleListSchema, ruleParamsSchema, ruleSchema, ruleSpecSchema } from './rules.schemas.js';
import type { RuleService } from './rules.service.js';

const TAGS = ['alerting'];

export const rulesRoutes: FastifyPluginAsyncZod<{ rules: RuleService }> = async (app, { rules }) => {
  app.put(
    '/alert-rules/:ruleId',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Create or replace an alert rule',
        description:
          'Open alerts the new rule no longer raises (disabled, another window, a model no longer selected) are retired: firing ones resolve and their channels are told. A key limited to models may only write rules that select models it holds, by name (403 otherwise), and gets 409 for an id a rule it cannot reach already holds.',
        params: ruleParamsSchema,
        body: ruleSpecSchema,
        response: { 200: ruleSchema, 201: ruleSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { created, rule } = await rules.put(request.params.ruleId, request.body, principalOf(request));
      return reply.code(created ? 201 : 200).send(rule);
    },
  );

  app.get(
    '/alert-rules',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'List alert rules, the default ones included',
        description:
          'A key limited to models sees only the rules that select models it holds, by name; rules over every model or by tag (the default ones among them) need a key not limited to models.',
        querystring: pageQuerySchema,
        response: { 200: ruleListSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => pageInMemory(await rules.list(principalOf(request)), request.query, (r) => r.id),
  );

  app.get(
    '/alert-rules/:ruleId',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Read an alert rule',
        params: ruleParamsSchema,
        response: { 200: ruleSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => rules.get(request.params.ruleId, principalOf(request)),
  );

  app.delete(
    '/alert-rules/:ruleId',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Delete an alert rule; its open alerts are retired',
        params: ruleParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await rules.remove(request.params.ruleId, principalOf(request));
      return reply.code(204).send(null);
    },
  );
};
