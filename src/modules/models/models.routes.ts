import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import { principalOf } from '../../http/plugins/auth.js';
import { auditPageSchema } from '../audit/index.js';
import { lifecycleMoveSchema } from './lifecycle.js';
import { modelSpecSchema } from '../../domain/model-spec.js';
import {
  getModelQuerySchema,
  listModelsQuerySchema,
  modelPageSchema,
  modelParamsSchema,
  modelSchema,
  modelVersionPageSchema,
  pageQuerySchema,
  type Model,
} from './models.schemas.js';
import type { ModelService } from './models.service.js';
import type { StoredModel } from './models.store.js';

const TAGS = ['models'];

const toModel = ({ spec, ...registry }: StoredModel): Model => ({ ...spec, ...registry });

export const modelsRoutes: FastifyPluginAsyncZod<{ models: ModelService }> = async (app, { models }) => {
  app.put(
    '/models/:modelId',
    {
      config: { scope: 'admin', access: 'model' },
      schema: {
        tags: TAGS,
        summary: 'Register a model, or replace its spec (idempotent)',
        description:
          'Creates the model (201) or replaces its spec (200). A body equal to the stored spec changes nothing and adds no audit entry. Replacing an archived model restores it.',
        params: modelParamsSchema,
        body: modelSpecSchema,
        response: { 200: modelSchema, 201: modelSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { modelId } = request.params;
      const { created, model } = await models.put(modelId, request.body, principalOf(request).keyId);
      return reply.code(created ? 201 : 200).send(toModel(model));
    },
  );

  app.get(
    '/models',
    {
      config: { scope: 'read', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'List models, in id order',
        description: 'A key limited to some models sees only those. Tag filters must all match.',
        querystring: listModelsQuerySchema,
        response: { 200: modelPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const result = await models.list(request.query, principalOf(request).modelIds);
      return { items: result.items.map(toModel), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/models/:modelId',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: TAGS,
        summary: 'Read a model',
        params: modelParamsSchema,
        querystring: getModelQuerySchema,
        response: { 200: modelSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toModel(await models.get(request.params.modelId, request.query)),
  );

  app.delete(
    '/models/:modelId',
    {
      config: { scope: 'admin', access: 'model' },
      schema: {
        tags: TAGS,
        summary: 'Archive a model: it stops accepting events; its data is kept until retention',
        params: modelParamsSchema,
        response: { 204: z.null().describe('Archived'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await models.archive(request.params.modelId, principalOf(request).keyId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/models/:modelId/lifecycle',
    {
      config: { scope: 'admin', access: 'model' },
      schema: {
        tags: TAGS,
        summary:
          'Move a model along its lifecycle: development, validation, approved, production, restricted, retired',
        description:
          'Each move is recorded with who made it and when, and in the audit log with its comment. A move the ' +
          'lifecycle does not allow (docs/inventory.md#lifecycle) is a 409 naming the allowed ones; retired is final.',
        params: modelParamsSchema,
        body: lifecycleMoveSchema,
        response: { 200: modelSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toModel(await models.moveLifecycle(request.params.modelId, request.body, principalOf(request).keyId)),
  );

  app.get(
    '/models/:modelId/audit',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: TAGS,
        summary: "A model's audit log, newest first: who changed what, and when",
        params: modelParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: auditPageSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => models.audit(request.params.modelId, request.query),
  );

  app.get(
    '/models/:modelId/versions',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: TAGS,
        summary: 'The model versions seen in its traffic, last seen first',
        description:
          'Each `modelVersion` its predictions carried, with the event times of the first and last, and how many ' +
          'were stored. Recorded as batches are folded (seconds after ingest); predictions without a version are ' +
          'not listed. Kept after retention removes the predictions (docs/inventory.md#model-versions).',
        params: modelParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: modelVersionPageSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => models.versions(request.params.modelId, request.query),
  );
};
