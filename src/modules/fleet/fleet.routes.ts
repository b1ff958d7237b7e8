import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { problemResponses } from '../../lib/problem.js';
import { fleetQuerySchema, fleetSchema } from './fleet.schemas.js';
import { responseQuerySchema, responseSchema } from './response.schemas.js';
import type { FleetService } from './fleet.service.js';

export const fleetRoutes: FastifyPluginAsyncZod<{ fleet: FleetService }> = async (app, { fleet }) => {
  app.get(
    '/fleet',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: ['fleet'],
        summary:
          'Every model with its status, and the fleet KPIs (share healthy, share with fresh outcomes, silent)',
        description:
          'A key limited to some models sees only those, in the list and in the KPIs. The list is paged ' +
          '(limit, cursor); the KPIs are over every model the key may see, on every page.',
        querystring: fleetQuerySchema,
        response: { 200: fleetSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => fleet.overview(principalOf(request).modelIds, request.query),
  );

  app.get(
    '/fleet/response',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: ['fleet'],
        summary:
          'Detection and response KPIs: MTTD, MTTA and MTTR per model and for the fleet, over a period',
        description:
          'One incident is one firing episode of an alert, counted in the period it fired in. Time to detect runs ' +
          'from the drift onset where one was estimated, else from the first breaching evaluation, to the firing; ' +
          'to acknowledge and to resolve, from the firing (docs/kpis.md). A key limited to some models sees only those.',
        querystring: responseQuerySchema,
        response: { 200: responseSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => fleet.response(principalOf(request).modelIds, request.query),
  );
};
