import { z } from 'zod';
import { datasetDriftSchema, featureDriftSchema } from '../drift/report.schemas.js';
import { estimatedPerformanceSchema, realizedPerformanceSchema } from '../performance/performance.schemas.js';
import { multivariateDriftSchema } from '../multivariate/multivariate.schemas.js';
import { qualitySchema } from '../quality/quality.schemas.js';

/**
 * The evaluation of one window against the reference: what `modelwatch report --format json`
 * prints and what the service's drift endpoint returns for a window. One definition, here.
 */
export const evaluationSchema = z
  .object({
    datasetDrift: datasetDriftSchema,
    features: z.array(featureDriftSchema),
    prediction: featureDriftSchema
      .nullable()
      .describe(
        'Drift of the predicted class (classification) or value (regression); null without predictions',
      ),
    score: featureDriftSchema
      .nullable()
      .describe('Drift of the positive-class score of a binary model; null without scores'),
    multivariate: multivariateDriftSchema
      .nullable()
      .default(null)
      .describe(
        'null without a model: fewer than 2 numerical features or 300 reference rows (or an evaluation stored before it)',
      ),
    quality: qualitySchema,
    performance: z
      .object({
        realized: realizedPerformanceSchema
          .nullable()
          .describe('From labelled predictions; null without any'),
        estimated: estimatedPerformanceSchema
          .nullable()
          .describe('CBPE for binary models with scores, fitted on a labelled reference; null otherwise'),
      })
      .nullable()
      .describe('null when the window has no predictions'),
    source: z.object({
      referenceRows: z.int().nonnegative(),
      windowRows: z.int().nonnegative(),
      computedFrom: z
        .enum(['values', 'summaries'])
        .describe(
          'values: exact, from every raw value; summaries: from mergeable summaries, as tiles hold them',
        ),
    }),
  })
  .meta({ id: 'Evaluation' });

export type Evaluation = z.infer<typeof evaluationSchema>;
