import type { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import { modelParamsSchema } from '../models/index.js';
import {
  driftResponseSchema,
  evaluationPageSchema,
  listQuerySchema,
  performanceResponseSchema,
  qualityResponseSchema,
  readQuerySchema,
} from './evaluation.schemas.js';
import type { ComparedEvaluation, EvaluationService } from './evaluation.service.js';
import { sliceRef } from './slice-query.js';

const TAGS = ['evaluations'];
const READ_DESCRIPTION =
  '`?window=` (a configured window; default: the status window) returns its latest stored evaluation. `?from=&to=` evaluates that half-open range now, from the tiles, against the current reference, without storing it (at most 31 days); with `?segment=<key>:<value>` (a declared segment key) or `?version=<modelVersion>`, only the traffic of that slice. 409 when the model has no reference. When stored summaries of the window or the reference cannot be decoded, they are quarantined and the result is made without them: `incomplete` says which and why.';

/** The options of a read route: scope read, one model, `?window` or `?from&to`. */
function readRoute<S extends z.ZodType>(summary: string, body: S) {
  return {
    config: { scope: 'read' as const, access: 'model' as const },
    schema: {
      tags: TAGS,
      summary,
      description: READ_DESCRIPTION,
      params: modelParamsSchema,
      querystring: readQuerySchema,
      response: { 200: body, ...problemResponses(400, 401, 403, 404, 409) },
    },
  };
}

const head = (e: ComparedEvaluation & { slice: string }) => ({
  ...(e.slice === '' ? {} : { slice: sliceRef(e.slice) }),
  modelId: e.modelId,
  window: e.window,
  evaluatedAt: e.evaluatedAt,
  reference: e.reference,
  status: e.status,
  incomplete: e.incomplete ?? null,
});

export const evaluationRoutes: FastifyPluginAsyncZod<{ evaluations: EvaluationService }> = async (
  app,
  { evaluations },
) => {
  app.get(
    '/models/:modelId/drift',
    readRoute(
      'Drift per feature, of the prediction and of the score, and dataset drift',
      driftResponseSchema,
    ),
    async (request) => {
      const e = await evaluations.read(request.params.modelId, request.query);
      const { datasetDrift, features, prediction, score } = e.evaluation;
      return { ...head(e), datasetDrift, features, prediction, score };
    },
  );

  app.get(
    '/models/:modelId/performance',
    readRoute(
      'Realized performance with label coverage, and CBPE-estimated performance',
      performanceResponseSchema,
    ),
    async (request) => {
      const e = await evaluations.read(request.params.modelId, request.query);
      return {
        ...head(e),
        realized: e.evaluation.performance?.realized ?? null,
        estimated: e.evaluation.performance?.estimated ?? null,
        baseline: e.baseline,
        headline: e.headline,
        outcomeValue: e.outcomeValue ?? null,
      };
    },
  );

  app.get(
    '/models/:modelId/quality',
    readRoute(
      'Data quality per feature: missing, outside the reference range, unseen categories',
      qualityResponseSchema,
    ),
    async (request) => {
      const e = await evaluations.read(request.params.modelId, request.query);
      return { ...head(e), ...e.evaluation.quality };
    },
  );

  app.get(
    '/models/:modelId/evaluations',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: TAGS,
        summary: 'Stored evaluations of one window over time, newest first',
        params: modelParamsSchema,
        querystring: listQuerySchema,
        response: { 200: evaluationPageSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => evaluations.list(request.params.modelId, request.query),
  );
};
