import { z } from 'zod';

/**
 * What the rule engine reads from one stored evaluation of one (model, window, window end): the
 * narrow input of `onEvaluation`, so that alerting does not depend on how evaluations are stored.
 * The evaluation job maps its result to this (see fromEvaluation when it exists) and calls
 * `alerting.engine.onEvaluation(snapshot)` after the evaluation is committed.
 *
 * A null value means "not measured" (too few samples, no labels, no scores): rules treat it as no
 * data, which neither breaches nor clears an alert.
 */
const share = z.number().min(0).max(1).nullable();

/** A metric name → value map (accuracy, rocAuc, mae …); null where undefined for the data. */
const metricsSchema = z.record(z.string(), z.number().nullable());

const driftSchema = z.object({
  drifted: z.boolean().nullable().describe('the method’s verdict; null for insufficient data'),
  score: z.number().nullable().describe('the method’s statistic: a distance, or a test statistic'),
  method: z.string(),
  /** The statistic passes the method's threshold; with noisePValue, a rule's own budget re-judges it. */
  practical: z.boolean().nullable().default(null),
  noisePValue: z.number().min(0).max(1).nullable().default(null),
});

const uniqueNames = (items: readonly { name: string }[]) =>
  new Set(items.map((i) => i.name)).size === items.length;

export const modelStatusSchema = z.enum([
  'healthy',
  'drifting',
  'degraded',
  'silent',
  'insufficient_data',
  'unknown',
]);

/** A declared segment key and one of its values (a kept value or `__other__`). */
export const segmentSchema = z.object({ key: z.string().min(1), value: z.string() });
export type Segment = z.infer<typeof segmentSchema>;

export const evaluationSnapshotSchema = z.object({
  modelId: z.string().min(1),
  /** The segment value the evaluation is of; null for the whole model. Only segment rules read these. */
  segment: segmentSchema.nullable().default(null),
  /** The window's name as configured, e.g. "5m", "1h", "24h"; rules name the window they watch. */
  window: z.string().min(1).max(50),
  windowEnd: z.iso.datetime({ offset: true }),
  /** The window's length, for a rule that spends its own alarm budget over its evaluations. */
  windowSeconds: z.number().positive().nullable().default(null),
  /**
   * When it was computed. The same window end may be evaluated again (more data folded, a new
   * reference): a later evaluatedAt replaces the earlier reading, an equal one is a replay.
   */
  evaluatedAt: z.iso.datetime({ offset: true }),
  status: modelStatusSchema,
  datasetDriftShare: share,
  features: z
    .array(driftSchema.extend({ name: z.string().min(1) }))
    .refine(uniqueNames, 'feature names must be unique'),
  predictionDrift: driftSchema.nullable(),
  /** The multivariate verdict (PCA reconstruction error); null without one. */
  multivariateDrift: driftSchema.nullable().default(null),
  performance: z.object({
    realized: metricsSchema.nullable(),
    estimated: metricsSchema.nullable(),
    /** The same metrics on the reference, for "drop from the reference" conditions. */
    reference: z
      .object({ realized: metricsSchema.nullable(), estimated: metricsSchema.nullable() })
      .nullable()
      .default(null),
  }),
  labelCoverage: share,
  quality: z
    .array(
      z.object({
        name: z.string().min(1),
        missingShare: share,
        outOfRangeShare: share,
        unseenCategoryShare: share,
      }),
    )
    .refine(uniqueNames, 'feature names must be unique'),
  volume: z.object({
    events: z.number().int().nonnegative(),
    /** Events expected in the window (reference rate, or the same hours last week); null when unknown. */
    expected: z.number().nonnegative().nullable(),
  }),
});

export type EvaluationSnapshot = z.infer<typeof evaluationSnapshotSchema>;
export type EvaluationSnapshotInput = z.input<typeof evaluationSnapshotSchema>;
