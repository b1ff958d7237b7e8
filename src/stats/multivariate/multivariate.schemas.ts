/** The multivariate verdict's shape: one definition for the report, the API and its OpenAPI. */
import { z } from 'zod';
import { probability } from '../drift/report.schemas.js';

export const reconstructionModelSchema = z
  .object({
    names: z.array(z.string()),
    means: z.array(z.number()),
    scales: z.array(z.number()),
    centre: z.array(z.number()),
    components: z.array(z.array(z.number())),
    explained: z.number(),
    referenceError: z.number(),
    chunks: z.object({ count: z.int(), size: z.int(), mean: z.number(), sd: z.number() }),
    errorGrid: z
      .array(z.number())
      .describe("the rows' out-of-fold errors: minimum, 256 quantiles, maximum (the null draws from it)"),
  })
  .describe(
    "PCA on the standardised reference's numerical features (docs/statistics.md#multivariate-drift): the means, scales, principal axes kept and the band of its chunks' out-of-fold errors",
  );

export const multivariateDriftSchema = z
  .object({
    method: z.literal('pcaReconstruction'),
    features: z.array(z.string()).describe('The numerical features in the PCA (at most 32, in spec order)'),
    components: z
      .int()
      .describe("Principal components kept: the fewest explaining > 65% of the reference's variance"),
    explainedVariance: probability(),
    windowCount: z.int().describe('Events in the window with the co-moments this verdict reads'),
    statistic: z
      .number()
      .nullable()
      .describe(
        "The window's mean squared reconstruction error, in standardised units; null without a verdict",
      ),
    reference: z.number().describe("The reference chunks' mean out-of-fold error"),
    threshold: z.number().describe('reference × 1.1: the error a practical effect reaches'),
    noisePValue: probability()
      .nullable()
      .describe(
        'How often a window of this size drawn from the reference gives an error at least this large',
      ),
    alpha: probability().describe("The level noisePValue is tested at: the alarm budget's share"),
    practical: z.boolean().nullable(),
    drifted: z.boolean().nullable().describe('practical and noisePValue < alpha'),
    status: z.enum(['ok', 'insufficient_data']),
  })
  .describe('Multivariate drift by data reconstruction: a change in how features move together');

export type MultivariateDrift = z.infer<typeof multivariateDriftSchema>;
