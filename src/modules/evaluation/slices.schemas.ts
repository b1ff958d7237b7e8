import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';
import { datasetDriftSchema } from '../../stats/drift/report.schemas.js';
import { estimatedPerformanceSchema } from '../../stats/performance/index.js';
import { realizedPerformance } from '../references/index.js';
import { modelIdSchema } from '../../domain/model-spec.js';
import {
  featureDrift,
  headlineSchema,
  incompleteSchema,
  modelStatusSchema,
  referenceRefSchema,
  volumeSchema,
} from './evaluation.schemas.js';

const range = {
  from: apiDateTime().describe('inclusive; the range is evaluated now, from the tiles (at most 31 days)'),
  to: apiDateTime().describe('exclusive'),
};

export const segmentsQuerySchema = z.object({
  window: z
    .string()
    .optional()
    .describe('a configured window (default: the status window): the latest stored evaluation of each value'),
  from: range.from.optional(),
  to: range.to.optional(),
  key: z.string().min(1).max(100).describe('a segment key the model declares (spec.segments)'),
});
export type SegmentsQuery = z.infer<typeof segmentsQuerySchema>;

export const strongestDriftSchema = z
  .object({
    of: z.enum(['feature', 'prediction', 'score']),
    name: z.string(),
    method: z.string(),
    statistic: z.number().nullable(),
    drifted: z.boolean().nullable(),
    strength: z
      .number()
      .describe(
        'how far past its threshold: statistic / threshold for distances, log(p) / log(threshold) for tests; 1 at the threshold',
      ),
  })
  .describe(
    "the slice's strongest drift among its features, prediction and score; null when none was judged",
  );

export const segmentResultSchema = z
  .object({
    value: z.string().describe('the segment value; `__other__` holds the values beyond the cap'),
    events: z.int().nonnegative(),
    status: modelStatusSchema,
    statusReason: z.string(),
    datasetDrift: datasetDriftSchema.nullable().describe('null without a reference'),
    strongestDrift: strongestDriftSchema.nullable(),
    headline: headlineSchema.nullable(),
    realized: realizedPerformance.nullable(),
    estimated: estimatedPerformanceSchema.nullable(),
    volume: volumeSchema,
    missingShare: z
      .number()
      .nullable()
      .describe('missing feature values / feature values in the slice (data quality); null without events'),
    incomplete: incompleteSchema.nullable(),
  })
  .meta({ id: 'SegmentResult' });

export const segmentsResponseSchema = z
  .object({
    modelId: modelIdSchema,
    key: z.string(),
    window: z.string().nullable().describe('the stored window read; null for a range evaluated on demand'),
    from: z.iso.datetime().nullable().describe('the range read; null when no value has a stored evaluation'),
    to: z.iso.datetime().nullable(),
    reference: referenceRefSchema.nullable(),
    items: z
      .array(segmentResultSchema)
      .describe('each value with events in the range, worst first: by status, then by strongest drift'),
    quiet: z
      .array(z.string())
      .describe('kept values with no events in the range (stored: with no stored evaluation of the window)'),
  })
  .meta({ id: 'SegmentResults' });

export const versionsCompareQuerySchema = z.object({
  ...range,
  baseline: z.string().min(1).max(200).describe('the version compared against (its window is the reference)'),
  candidate: z.string().min(1).max(200).describe('the version judged'),
});
export type VersionsCompareQuery = z.infer<typeof versionsCompareQuerySchema>;

const versionSideSchema = z.object({
  version: z.string(),
  events: z.int().nonnegative(),
  realized: realizedPerformance.nullable().describe('from its labelled predictions; null without any'),
  estimated: estimatedPerformanceSchema
    .nullable()
    .describe("CBPE against the model's reference (binary models with a labelled reference); null otherwise"),
});

export const versionsCompareResponseSchema = z
  .object({
    modelId: modelIdSchema,
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    baseline: versionSideSchema,
    candidate: versionSideSchema,
    drift: z
      .object({
        datasetDrift: datasetDriftSchema,
        features: z.array(featureDrift),
        prediction: featureDrift.nullable(),
        score: featureDrift.nullable(),
      })
      .describe("the candidate's window against the baseline's window, as drift against a reference"),
  })
  .meta({ id: 'VersionComparison' });
