import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';
import { driftMethodSchema, featureTypeSchema } from '../../stats/drift/report.schemas.js';
import { reconstructionModelSchema } from '../../stats/multivariate/multivariate.schemas.js';
import { realizedPerformanceSchema } from '../../stats/performance/index.js';

/**
 * What is decided once from a reference column (docs/statistics.md#default-method "chosen once per
 * feature from the reference"): stored with the reference version and never recomputed.
 */
const learnedBandSchema = z.object({
  chunks: z.int().positive(),
  chunkSize: z.int().positive().describe('values per chunk: the window size the band is learned for'),
  measures: z.partialRecord(driftMethodSchema, z.object({ mean: z.number(), sd: z.number().nonnegative() })),
});

export const columnProfileSchema = z.object({
  key: z
    .string()
    .describe('the summary key, as tiles name it (numerical:feature:age, categorical:prediction …)'),
  name: z.string(),
  type: featureTypeSchema,
  rows: z.int().nonnegative().describe('reference rows, missing values included'),
  present: z.int().nonnegative().describe('reference rows with a value'),
  distinct: z.int().nonnegative().describe('distinct values, counted up to 6 for numerical columns'),
  discrete: z
    .boolean()
    .describe('judged on values as categories: categorical, or numerical with <= 5 values'),
  edges: z
    .array(z.number())
    .describe('numerical: inner bin edges (reference deciles, or each value of a discrete column)'),
  defaultMethod: driftMethodSchema.describe('the method chosen from the reference (Evidently rule)'),
  range: z
    .object({ min: z.number(), max: z.number() })
    .nullable()
    .describe('numerical: smallest and largest reference value (data quality)'),
  band: learnedBandSchema
    .nullable()
    .optional()
    .describe('the distances over 30 reference chunks, for learned thresholds; absent on older references'),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

/** The `profile` column of model_references. */
export const referenceProfilesSchema = z.object({
  features: z.array(columnProfileSchema),
  prediction: columnProfileSchema.nullable(),
  score: columnProfileSchema.nullable(),
  /** Rows rejected as invalid (a non-nullable feature missing), left out of every column. */
  rejected: z.int().nonnegative(),
  /** Multivariate drift's PCA; null when it cannot be fitted, absent on older references. */
  multivariate: reconstructionModelSchema.nullable().optional(),
});
export type ReferenceProfiles = z.infer<typeof referenceProfilesSchema>;

/* ---- HTTP ---- */

/** Shared by the reference and the performance routes, so the OpenAPI names it once. */
export const realizedPerformance = realizedPerformanceSchema.meta({ id: 'RealizedPerformance' });

const timestamp = apiDateTime();

export const referenceRowSchema = z
  .object({
    features: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    prediction: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    score: z.number().min(0).max(1).nullable().optional(),
    scores: z.record(z.string(), z.number().min(0).max(1)).nullable().optional(),
    actual: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  })
  .describe('A prediction event (predictionId, timestamp and segments are ignored) with its optional actual')
  .meta({ id: 'ReferenceRow' });

export const referenceBodySchema = z
  .union([
    z.object({ rows: z.array(referenceRowSchema).min(1) }).strict(),
    z
      .object({
        from: timestamp.describe('start of the range of stored traffic, inclusive'),
        to: timestamp.describe('end of the range, exclusive'),
      })
      .strict(),
  ])
  .describe(
    'JSON: { "rows": [...] } or { "from", "to" } (a past range of the model\'s own traffic with its outcomes). Also accepted: application/x-ndjson (one row a line) and text/csv (a header row; one column per feature, optional prediction, score, scores.<class> and actual columns). Content-Encoding: gzip is accepted.',
  );

const columnDescriptionSchema = columnProfileSchema
  .omit({ key: true })
  .extend({
    method: driftMethodSchema.describe(
      "the method in use: the model's configured method, else defaultMethod",
    ),
  })
  .meta({ id: 'ReferenceColumn' });

export const referenceSchema = z
  .object({
    id: z.int().positive(),
    modelId: z.string(),
    version: z.int().positive(),
    modelVersion: z
      .string()
      .nullable()
      .describe("the model version this is the reference of; null for the model's own"),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    source: z.enum(['rows', 'traffic']),
    range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).nullable(),
    rows: z.int().nonnegative().describe('rows summarised (rejected rows excluded)'),
    rejected: z.int().nonnegative().describe('rows left out because a non-nullable feature was missing'),
    labelled: z.int().nonnegative().describe('rows with an actual'),
    features: z.array(columnDescriptionSchema),
    prediction: columnDescriptionSchema.nullable(),
    score: columnDescriptionSchema.nullable(),
    cbpe: z
      .object({ calibration: z.enum(['isotonic', 'identity']) })
      .nullable()
      .describe('CBPE calibration fitted on labelled scores; null without them'),
    performance: realizedPerformance
      .nullable()
      .describe("realized performance on the reference's labelled rows: the baseline for 'degraded'"),
    multivariate: z
      .object({
        features: z.array(z.string()),
        components: z
          .int()
          .describe('principal components kept: the fewest explaining > 65% of the variance'),
        explainedVariance: z.number(),
        referenceError: z.number().describe('the mean squared reconstruction error of the reference rows'),
        chunks: z
          .object({ count: z.int(), size: z.int(), mean: z.number(), sd: z.number() })
          .describe("the chunks' out-of-fold mean errors: the band a window's error is judged against"),
      })
      .nullable()
      .describe(
        'the PCA of multivariate drift (docs/statistics.md#multivariate-drift); null with fewer than 2 numerical features or 300 rows, or on references set before it',
      ),
  })
  .meta({ id: 'Reference' });
export type ReferenceDescription = z.infer<typeof referenceSchema>;

export const referenceQuerySchema = z.object({
  modelVersion: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      "a model version (`modelVersion` of the predictions): PUT sets that version's own reference, which its slice is judged against instead of the model's; GET describes the reference the version is judged against (its own, else the model's)",
    ),
});
