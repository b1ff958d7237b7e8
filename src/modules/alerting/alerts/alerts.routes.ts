import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../lib/problem.js';
import { principalOf } from '../../../http/plugins/auth.js';
import {
  ackBodySchema,
  ackResponseSchema,
  alertDetailSchema,
  alertPageSchema,
  alertParamsSchema,
  alertValuesQuerySchema,
  alertValuesSchema,
  deliveriesQuerySchema,
  deliveryListSchema,
  listAlertsQuerySchema,
} from './alerts.schemas.js';
import type { AlertService } from './alerts.service.js';

const TAGS = ['alerting'];

export const alertsRoutes: FastifyPluginAsyncZod<{ alerts: AlertService }> = async (app, { alerts }) => {
  app.get(
    '/alerts',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'List alerts, newest first; a key limited to some models sees only theirs',
        querystring: listAlertsQuerySchema,
        response: { 200: alertPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => alerts.list(request.query, principalOf(request)),
  );

  app.get(
    '/alerts/:alertId',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Read an alert with its transitions and acknowledgements',
        params: alertParamsSchema,
        response: { 200: alertDetailSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => alerts.get(request.params.alertId, principalOf(request)),
  );

  app.post(
    '/alerts/:alertId/ack',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Acknowledge a pending or firing alert (read scope: on-call staff hold read keys)',
        description:
          'Records who acknowledged the current episode, when, and why. It changes no delivery: silences do that.',
        params: alertParamsSchema,
        body: ackBodySchema,
        response: { 201: ackResponseSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await alerts.ack(request.params.alertId, principalOf(request), request.body.comment)),
  );

  app.get(
    '/alerts/:alertId/values',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: "An alert's value over time: what its rule read from each evaluation of its window",
        description:
          'The same reading the rules engine applies, with the threshold it is compared to; for the alert page’s chart.',
        params: alertParamsSchema,
        querystring: alertValuesQuerySchema,
        response: { 200: alertValuesSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => alerts.values(request.params.alertId, principalOf(request), request.query),
  );

  app.get(
    '/alerts/:alertId/deliveries',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'The delivery log of an alert: each notification and each attempt',
        description: 'Status codes, durations and error classes; never a receiver’s response body.',
        params: alertParamsSchema,
        querystring: deliveriesQuerySchema,
        response: { 200: deliveryListSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => alerts.deliveries(request.params.alertId, principalOf(request), request.query.limit),
  );
};
