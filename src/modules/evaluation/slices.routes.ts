import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import { modelParamsSchema } from '../models/index.js';
import {
  segmentsQuerySchema,
  segmentsResponseSchema,
  versionsCompareQuerySchema,
  versionsCompareResponseSchema,
} from './slices.schemas.js';
import type { SliceReads } from './slices.service.js';

const TAGS = ['evaluations'];

/** Reads across slices (src/modules/tiles/README.md "Slices"), evaluated on demand. */
export const sliceRoutes: FastifyPluginAsyncZod<{ slices: SliceReads }> = async (app, { slices }) => {
  app.get(
    '/models/:modelId/segments',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: TAGS,
        summary: "A segment key's values evaluated side by side, worst first",
        description:
          'Each value of `key` kept apart (the first `maxValues` folded, and `__other__` for the rest): with `from` and `to`, evaluated over [from, to) now; ' +
          'else its latest stored evaluation of `window` (default: the status window; each value is evaluated with the model). Both ' +
          "against the model's reference, as `?segment=` evaluates one; values with no events in the range are listed in `quiet`. " +
          'Worst first: degraded, drifting, silent, insufficient_data, unknown, healthy; then the strongest drift. 400 when `key` is not declared.',
        params: modelParamsSchema,
        querystring: segmentsQuerySchema,
        response: { 200: segmentsResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => slices.segments(request.params.modelId, request.query),
  );

  app.get(
    '/models/:modelId/versions/compare',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: TAGS,
        summary:
          'Two model versions over the same range: drift of one against the other, performance of each',
        description:
          "The candidate's traffic in [from, to) against the baseline's, as a window against a reference (the baseline's window is the reference), " +
          "and each version's realized performance and CBPE estimate (against the model's reference).",
        params: modelParamsSchema,
        querystring: versionsCompareQuerySchema,
        response: { 200: versionsCompareResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => slices.compareVersions(request.params.modelId, request.query),
  );
};
