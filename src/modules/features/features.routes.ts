import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import {
  distributionQuerySchema,
  distributionResponseSchema,
  featureParamsSchema,
  statisticQuerySchema,
  statisticResponseSchema,
} from './features.schemas.js';
import type { FeatureService } from './features.service.js';

const TAGS = ['evaluations'];
const config = { scope: 'read' as const, access: 'model' as const };

const DISTRIBUTION_DESCRIPTION = [
  "The feature's values in the reference and in a window, read from their summaries, for a chart.",
  '`?window=` (a configured window; default: the status window) is that window ending now (with the current tile bucket); `?from=&to=` any half-open range of at most 31 days. Nothing is stored.',
  'Numerical: counts, missing values, min, max, mean, p1 … p99 per side, and a histogram on shared edges: `bins` (default and at most 40) equal-width bins over both sides’ range, counted as numpy.histogram counts ([e_i, e_i+1), the last closed). Counts come from the summaries’ quantile sketches: exact while a side holds at most 1,024 distinct values (`exact: true`), else estimates within the sketch’s rank error (docs/statistics.md#error-bounds-from-tiles).',
  'Categorical: exact counts per category, at most 50 categories by the larger of their two shares, the rest summed in `other`; `unseen` marks a window category the reference lacks.',
  '404 for a model or feature that does not exist (`errors[]` points at the path parameter); 409 without a reference, or when the reference has no usable summary of the feature.',
].join('\n\n');

const STATISTIC_DESCRIPTION = [
  "The feature's drift verdict in each stored evaluation of one window over time, for a chart: the method's statistic, its threshold, the noise p-value, the verdict and the feature's status.",
  'Window ends in `[from, to)`; the newest `limit` (default 500, at most 2000) of them, **oldest first**; `more` says older ones were left out. Evaluations without this feature (made before a reference, or before the feature was evaluated) are skipped. Evaluations older than EVALUATION_FULL_RESOLUTION_HOURS keep one per hour.',
].join('\n\n');

export const featureRoutes: FastifyPluginAsyncZod<{ features: FeatureService }> = async (
  app,
  { features },
) => {
  app.get(
    '/models/:modelId/features/:feature/distribution',
    {
      config,
      schema: {
        tags: TAGS,
        summary:
          "One feature's distribution in the reference and a window: quantiles and a histogram, or categories",
        description: DISTRIBUTION_DESCRIPTION,
        params: featureParamsSchema,
        querystring: distributionQuerySchema,
        response: { 200: distributionResponseSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => features.distribution(request.params.modelId, request.params.feature, request.query),
  );

  app.get(
    '/models/:modelId/features/:feature/statistic',
    {
      config,
      schema: {
        tags: TAGS,
        summary: "One feature's drift statistic in the stored evaluations of a window, oldest first",
        description: STATISTIC_DESCRIPTION,
        params: featureParamsSchema,
        querystring: statisticQuerySchema,
        response: { 200: statisticResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => features.statistic(request.params.modelId, request.params.feature, request.query),
  );
};
