import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';
import { datasetDriftSchema, featureDriftSchema } from '../../stats/drift/report.schemas.js';
import { evaluationSchema } from '../../stats/evaluation/evaluation.schemas.js';
import { estimatedPerformanceSchema, realizedPerformanceSchema } from '../../stats/performance/index.js';
import { featureQualitySchema } from '../../stats/quality/quality.schemas.js';
import { modelIdSchema } from '../../domain/model-spec.js';
import { realizedPerformance } from '../references/index.js';
import { sliceQuery, sliceSchema } from './slice-query.js';

/** One feature's drift, exactly as `modelwatch report --format json` prints it. */
export const featureDrift = featureDriftSchema.meta({ id: 'FeatureDrift' });

export const MODEL_STATUSES = [
  'healthy',
  'drifting',
  'degraded',
  'silent',
  'insufficient_data',
  'unknown',
] as const;
export const modelStatusSchema = z
  .enum(MODEL_STATUSES)
  .describe(
    'unknown: no reference; silent: no events in the window although the model had events in the 24 h before it; degraded: the headline metric is more than PERFORMANCE_DROP (relative) worse than on the reference; drifting: dataset drift; insufficient_data: nothing could be judged (no feature had its minSamples values, too few labelled or scored predictions to judge performance), the reason gives the counts; healthy: judged, and none of these',
  );
export type ModelStatus = z.infer<typeof modelStatusSchema>;

export const windowSchema = z.object({
  name: z
    .string()
    .nullable()
    .describe('the configured window (5m, 1h, …); null for a range evaluated on demand'),
  from: z.iso.datetime().describe('inclusive'),
  to: z.iso.datetime().describe('exclusive'),
  events: z.int().nonnegative().describe('prediction events in [from, to)'),
});

export const referenceRefSchema = z
  .object({ id: z.int().positive(), version: z.int().positive() })
  .describe('the reference version the window was compared with');

export const volumeSchema = z
  .object({
    events: z.int().nonnegative(),
    expected: z.number().nonnegative().nullable().describe('events expected in the window, by `basis`'),
    ratio: z.number().nonnegative().nullable().describe('events / expected; null when nothing is expected'),
    basis: z
      .enum(['previous_week', 'reference_rate'])
      .nullable()
      .describe(
        "previous_week: events in the same window 7 days earlier, when there were any; else reference_rate: the rate of a reference built from the model's traffic; else null",
      ),
  })
  .meta({ id: 'Volume' });
export type Volume = z.infer<typeof volumeSchema>;

export const headlineSchema = z
  .object({
    metric: z.enum(['accuracy', 'mae']).describe('accuracy for classifiers, mae for regression'),
    higherIsBetter: z.boolean(),
    reference: z.number().nullable().describe('on the reference rows (realized)'),
    realized: z.number().nullable(),
    estimated: z.number().nullable().describe('CBPE (binary models with scores)'),
    judgedOn: z
      .enum(['realized', 'estimated'])
      .nullable()
      .describe(
        'realized with >= 100 labelled predictions, else estimated with >= 100 scored ones, else null',
      ),
    drop: z
      .number()
      .nullable()
      .describe('relative change for the worse against the reference (0.1 = 10% worse)'),
    dropLowerBound: z
      .number()
      .nullable()
      .default(null)
      .describe(
        'the smallest drop the judged value allows at level alpha (its interval’s better end): degraded when it exceeds PERFORMANCE_DROP',
      ),
    alpha: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .default(null)
      .describe('the one-sided level of that bound: the alarm budget’s share for one verdict'),
  })
  .meta({ id: 'Headline' });
export type Headline = z.infer<typeof headlineSchema>;

export const quarantinedSummarySchema = z
  .object({
    source: z
      .enum(['tile', 'contribution', 'reference'])
      .describe("a tile, a contribution not yet compacted, or one of the reference's summaries"),
    key: z.string().describe('what it summarised: `numerical:feature:<name>`, `binary`, `cbpe`, …'),
    from: z.iso.datetime().nullable().describe('tile, contribution: the start of the time its data covered'),
    to: z.iso.datetime().nullable().describe('exclusive'),
    referenceId: z.int().positive().nullable().describe('reference: the reference it belonged to'),
    reason: z.string().describe("why it could not be decoded (the decoder's message)"),
  })
  .meta({ id: 'QuarantinedSummary' });

export const MAX_LISTED_QUARANTINED = 20;

export const incompleteSchema = z
  .object({
    reason: z.string(),
    summaries: z
      .array(quarantinedSummarySchema)
      .max(MAX_LISTED_QUARANTINED)
      .describe(`the quarantined summaries the evaluation lacks (at most ${MAX_LISTED_QUARANTINED})`),
    more: z.int().nonnegative().describe('quarantined summaries not listed'),
  })
  .meta({ id: 'Incomplete' })
  .describe(
    'the evaluation is made without some stored summaries of the window or the reference, which could not be decoded and are quarantined (set aside, kept for inspection); null when nothing is missing',
  );
export type Incomplete = z.infer<typeof incompleteSchema>;

export const outcomeValueSchema = z
  .object({
    count: z.int().nonnegative().describe('labelled predictions in the window whose outcome carried a value'),
    sum: z.number().describe('their total (docs/kpis.md#value)'),
  })
  .meta({ id: 'OutcomeValue' })
  .describe("the business values carried by the outcomes of the window's predictions");

/** What each evaluation stores (evaluations.result) and what the read routes are cut from. */
export const storedEvaluationSchema = z
  .object({
    modelId: modelIdSchema,
    window: windowSchema,
    evaluatedAt: z.iso.datetime(),
    reference: referenceRefSchema.nullable(),
    status: modelStatusSchema,
    statusReason: z.string(),
    lastEventAt: z.iso.datetime().nullable().describe("the model's newest event time when evaluated"),
    volume: volumeSchema,
    headline: headlineSchema.nullable(),
    baseline: realizedPerformanceSchema
      .nullable()
      .describe("realized performance on the reference's labelled rows; null without them"),
    evaluation: evaluationSchema.nullable().describe('null without a reference'),
    // Optional: evaluations stored before quarantine existed lack it (read as null).
    incomplete: incompleteSchema.nullable().optional(),
    // Optional: evaluations stored before outcome values were kept lack it.
    outcomeValue: outcomeValueSchema.optional(),
  })
  .describe('what each evaluation stores (evaluations.result); internal, not a response');
export type StoredEvaluation = z.infer<typeof storedEvaluationSchema>;

/* ---- Read routes ---- */

export const readQuerySchema = z.object({
  window: z
    .string()
    .optional()
    .describe('a configured window (default: the status window): its latest evaluation'),
  from: apiDateTime().optional().describe('with `to`: evaluate [from, to) now, from the tiles'),
  to: apiDateTime().optional(),
  ...sliceQuery,
});
export type ReadQuery = z.infer<typeof readQuerySchema>;

const head = {
  modelId: modelIdSchema,
  window: windowSchema,
  evaluatedAt: z.iso.datetime(),
  reference: referenceRefSchema,
  status: modelStatusSchema,
  incomplete: incompleteSchema.nullable(),
  slice: sliceSchema
    .nullable()
    .optional()
    .describe('the slice evaluated (`?segment=`, `?version=`); absent for the whole model'),
};

export const driftResponseSchema = z
  .object({
    ...head,
    datasetDrift: datasetDriftSchema,
    features: z.array(featureDrift).describe('as `modelwatch report --format json` prints them'),
    prediction: featureDrift.nullable().describe('drift of the predicted class or value'),
    score: featureDrift.nullable().describe('drift of the positive-class score (binary models)'),
  })
  .meta({ id: 'DriftResult' });

export const performanceResponseSchema = z
  .object({
    ...head,
    realized: realizedPerformance.nullable().describe('null without labelled predictions'),
    estimated: estimatedPerformanceSchema
      .nullable()
      .describe('CBPE; null unless the model has scores and a calibration'),
    baseline: realizedPerformanceSchema
      .nullable()
      .describe("realized performance on the reference's labelled rows"),
    headline: headlineSchema,
    outcomeValue: outcomeValueSchema
      .nullable()
      .describe('null for evaluations stored before values were kept'),
  })
  .meta({ id: 'PerformanceResult' });

export const qualityResponseSchema = z
  .object({
    ...head,
    rows: z.int().nonnegative(),
    rejected: z
      .int()
      .nonnegative()
      .describe('events rejected by schema validation in the window (by arrival time)'),
    features: z.array(featureQualitySchema),
  })
  .meta({ id: 'QualityResult' });

export const listQuerySchema = z.object({
  window: z.string().optional().describe('a configured window; default: the status window'),
  from: apiDateTime().optional().describe('window ends at or after this'),
  to: apiDateTime().optional().describe('window ends before this'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(1000).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const evaluationPointSchema = z
  .object({
    window: windowSchema,
    evaluatedAt: z.iso.datetime(),
    referenceId: z.int().positive().nullable(),
    status: modelStatusSchema,
    statusReason: z.string(),
    datasetDriftShare: z.number().nullable(),
    driftedFeatures: z.int().nonnegative().nullable(),
    labelCoverage: z.number().nullable(),
    volume: volumeSchema,
    headline: headlineSchema.nullable(),
    incomplete: incompleteSchema.nullable(),
    outcomeValue: outcomeValueSchema.nullable(),
  })
  .meta({ id: 'EvaluationPoint' });
export type EvaluationPoint = z.infer<typeof evaluationPointSchema>;

export const evaluationPageSchema = z.object({
  items: z.array(evaluationPointSchema).describe('newest window first'),
  nextCursor: z.string().nullable(),
});
