import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';
import { driftMethodSchema, probability } from '../../stats/drift/report.schemas.js';
import { MAX_CATEGORIES } from '../../stats/summaries/categorical-distribution.js';
import { DISTRIBUTION_QUANTILES, MAX_BINS } from '../../stats/summaries/numeric-distribution.js';
import { incompleteSchema, readQuerySchema, windowSchema } from '../evaluation/index.js';
import { modelIdSchema } from '../../domain/model-spec.js';

export const featureParamsSchema = z.object({
  modelId: modelIdSchema,
  feature: z.string().min(1).max(200).describe("a feature of the model's spec, by name (URL-encoded)"),
});

/* ---- GET …/features/{feature}/distribution ---- */

export const distributionQuerySchema = readQuerySchema.extend({
  bins: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_BINS)
    .default(MAX_BINS)
    .describe('numerical features: how many equal-width bins'),
});
export type DistributionQuery = z.infer<typeof distributionQuerySchema>;

const count = () => z.int().nonnegative();

const quantilesSchema = z
  .object(Object.fromEntries(Object.keys(DISTRIBUTION_QUANTILES).map((k) => [k, z.number()])))
  .describe('p1 … p99, as numpy.quantile (linear) gives them on the summarised values');

const numericSideSchema = z
  .object({
    count: count().describe('present values'),
    missing: count(),
    min: z.number().nullable().describe('exact; null without values'),
    max: z.number().nullable(),
    mean: z.number().nullable(),
    quantiles: quantilesSchema.nullable().describe('null without values'),
    exact: z
      .boolean()
      .describe(
        'the summary holds every value (up to 1,024 distinct ones): quantiles and bins are exact; else estimates from the quantile sketch',
      ),
  })
  .meta({ id: 'NumericSide' });

const common = {
  feature: z.string(),
  window: windowSchema.describe('the range read from the tiles (name null for `from`/`to`)'),
  referenceId: z.int().positive().describe('the reference version compared with: its id'),
  referenceVersion: z.int().positive(),
  incomplete: incompleteSchema
    .nullable()
    .describe("the window's summaries of this feature that could not be decoded; null when none"),
};

export const numericalDistributionSchema = z
  .object({
    ...common,
    type: z.literal('numerical'),
    reference: numericSideSchema.describe("the reference's values"),
    current: numericSideSchema.describe("the window's values"),
    bins: z
      .object({
        edges: z
          .array(z.number())
          .max(MAX_BINS + 1)
          .describe('ascending, bins + 1 of them, equal width over both sides’ range'),
        reference: z
          .array(count())
          .max(MAX_BINS)
          .describe('values per bin [edge_i, edge_i+1), the last closed'),
        current: z.array(count()).max(MAX_BINS),
      })
      .nullable()
      .describe('as numpy.histogram(values, edges); null when neither side has a value'),
  })
  .meta({ id: 'NumericalDistribution' });

const categorySchema = z.object({
  value: z.string(),
  reference: count(),
  current: count(),
  unseen: z.boolean().describe("in the window but not among the reference's categories"),
});

export const categoricalDistributionSchema = z
  .object({
    ...common,
    type: z.literal('categorical'),
    categories: z
      .array(categorySchema)
      .max(MAX_CATEGORIES)
      .describe(`at most ${MAX_CATEGORIES}, by the larger of the two shares, largest first`),
    other: z
      .object({ reference: count(), current: count() })
      .describe('the rest: categories past the list and those the summaries keep only in `__other__`'),
    referenceCount: count().describe('present values of the reference'),
    currentCount: count().describe('present values of the window'),
    missing: z.object({ reference: count(), current: count() }),
  })
  .meta({ id: 'CategoricalDistribution' });

export const distributionResponseSchema = z
  .discriminatedUnion('type', [numericalDistributionSchema, categoricalDistributionSchema])
  .meta({ id: 'FeatureDistribution' });
export type DistributionResponse = z.infer<typeof distributionResponseSchema>;

/* ---- GET …/features/{feature}/statistic ---- */

export const MAX_SERIES_POINTS = 2000;

export const statisticQuerySchema = z.object({
  window: z.string().optional().describe('a configured window; default: the status window'),
  from: apiDateTime().optional().describe('window ends at or after this'),
  to: apiDateTime().optional().describe('window ends before this'),
  limit: z.coerce.number().int().min(1).max(MAX_SERIES_POINTS).default(500),
});
export type StatisticQuery = z.infer<typeof statisticQuerySchema>;

export const statisticPointSchema = z
  .object({
    windowEnd: z.iso.datetime(),
    evaluatedAt: z.iso.datetime(),
    method: driftMethodSchema,
    statistic: z.number().nullable().describe("the method's statistic; null without a verdict"),
    threshold: z.number(),
    drifted: z.boolean().nullable(),
    noisePValue: probability().nullable(),
    status: z.enum(['ok', 'insufficient_data']).describe("the feature's, not the model's"),
  })
  .meta({ id: 'StatisticPoint' });
export type StatisticPoint = z.infer<typeof statisticPointSchema>;

export const statisticResponseSchema = z
  .object({
    feature: z.string(),
    window: z.string().describe('the configured window the evaluations are of'),
    method: driftMethodSchema.nullable().describe("the newest point's method; null without points"),
    points: z
      .array(statisticPointSchema)
      .max(MAX_SERIES_POINTS)
      .describe('the newest `limit` stored evaluations in the range, oldest first'),
    more: z.boolean().describe('older evaluations in the range were left out by the limit'),
  })
  .meta({ id: 'FeatureStatistic' });
export type StatisticResponse = z.infer<typeof statisticResponseSchema>;
