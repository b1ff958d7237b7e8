/**
 * The drift result shapes, as zod schemas: the one definition that `modelwatch report --format
 * json`, the drift endpoint and its OpenAPI all use. Types are inferred from them (types.ts).
 */
import { z } from 'zod';

export const driftMethodSchema = z.enum([
  'ks',
  'wasserstein',
  'psi',
  'jensenShannon',
  'hellinger',
  'chiSquare',
  'zTest',
  'lInfinity',
]);

export const featureTypeSchema = z.enum(['numerical', 'categorical']);

/** A p-value or a level. */
export const probability = () => z.number().min(0).max(1);

export const testResultSchema = z.object({
  statistic: z.number(),
  pValue: probability()
    .nullable()
    .describe('null where SciPy gives nan: too few values for the test (KS with one value on each side)'),
});

const binnedSchema = {
  psi: z.number().describe('Population stability index on the bins'),
  jensenShannon: z.number().describe('Jensen-Shannon distance, base 2 (0-1)'),
  hellinger: z.number().describe('Hellinger distance (0-1)'),
};

export const numericalMeasuresSchema = z
  .object({
    ks: testResultSchema.describe('Two-sample Kolmogorov-Smirnov, asymptotic p-value'),
    wasserstein: z.number().describe('W1 divided by max(reference std, 0.001)'),
    ...binnedSchema,
    chiSquare: testResultSchema
      .optional()
      .describe('On the bins; present for discrete features (<= 5 reference values) or when chosen'),
    zTest: testResultSchema.optional().describe('Present for features with exactly two reference values'),
    lInfinity: z.number().optional().describe('On the bins; present for discrete features or when chosen'),
  })
  .describe('Bins are reference deciles, or one per value for discrete features');

export const categoricalMeasuresSchema = z.object({
  chiSquare: testResultSchema.describe('Chi-square test of homogeneity on the 2 x K table'),
  ...binnedSchema,
  lInfinity: z.number().describe('Largest change in any category share'),
  zTest: testResultSchema
    .optional()
    .describe('Share of the first reference category; present with exactly two reference categories'),
});

const verdictFields = {
  name: z.string(),
  method: driftMethodSchema.describe('Drift method: a p-value test (ks, chiSquare, zTest) or a distance'),
  statistic: z.number().nullable().describe("The chosen method's statistic; null without a verdict"),
  pValue: z.number().nullable().describe('For p-value methods; null for distances'),
  threshold: z.number().describe('p-value methods drift when p < threshold, distances when >= threshold'),
  thresholdSource: z
    .enum(['constant', 'learned'])
    .optional()
    .describe('learned: from the reference chunks’ σ-band (learnedThreshold); absent: constant'),
  noisePValue: probability()
    .nullable()
    .default(null)
    .describe(
      'Calibrated p-value: how often a window of this size drawn from the reference gives a statistic at least this large; the test p-value for ks, chiSquare and zTest',
    ),
  alpha: probability()
    .default(1)
    .describe(
      "The level noisePValue is tested at: the alarm budget's share for this verdict (1: no noise test, as in evaluations stored before it)",
    ),
  practical: z
    .boolean()
    .nullable()
    .default(null)
    .describe("The statistic passes the method's threshold (a large effect); null without a verdict"),
  drifted: z.boolean().nullable().describe('practical and noisePValue < alpha'),
  status: z.enum(['ok', 'insufficient_data']),
};

export const featureDriftSchema = z.discriminatedUnion('type', [
  z.object({ ...verdictFields, type: z.literal('numerical'), measures: numericalMeasuresSchema.nullable() }),
  z.object({
    ...verdictFields,
    type: z.literal('categorical'),
    measures: categoricalMeasuresSchema.nullable(),
  }),
]);

export const datasetDriftSchema = z.object({
  share: z
    .number()
    .nullable()
    .describe('driftedFeatures / evaluatedFeatures; null when no feature was evaluated'),
  drifted: z.boolean().nullable().describe('share >= threshold'),
  threshold: z.number(),
  driftedFeatures: z
    .number()
    .int()
    .describe('Features whose statistic passes its threshold with a noise p-value below featureLevel'),
  evaluatedFeatures: z.number().int().describe("Features with status 'ok'"),
  alpha: probability()
    .default(1)
    .describe(
      'The level of the dataset verdict: its share of the alarm budget (1 in evaluations stored before it)',
    ),
  featureLevel: probability()
    .nullable()
    .default(null)
    .describe(
      'The noise level at which a feature counts: P(at least threshold x evaluatedFeatures features pass it by chance) <= alpha, features taken as independent',
    ),
});

/** A feature's drift overrides, as the model spec (models.schemas.ts) accepts them. */
export const featureDriftConfigSchema = z.object({
  method: driftMethodSchema.optional(),
  threshold: z.number().positive().optional(),
  learnedThreshold: z
    .boolean()
    .optional()
    .describe(
      'distances: the threshold is the σ-band learned from 30 reference chunks (docs/statistics.md#learned-thresholds) where the reference has one, else the constant',
    ),
  minSamples: z.number().int().positive().optional(),
});
