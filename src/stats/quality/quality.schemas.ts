import { z } from 'zod';

/**
 * The JSON of data quality for a window: the "quality" section of an evaluation, per feature.
 * Shares are null when there is nothing to divide by (no rows; no present values).
 */

const share = (description: string) => z.number().min(0).max(1).nullable().describe(description);

export const featureQualitySchema = z.object({
  name: z.string(),
  type: z.enum(['numerical', 'categorical']),
  rows: z.int().nonnegative().describe('rows of the window that reached this feature: present + missing'),
  missing: z.int().nonnegative().describe('rows where the value is missing'),
  missingShare: share('missing / rows'),
  outOfRangeShare: share(
    'numerical: share of present values below the reference minimum or above its maximum; null for categorical',
  ),
  unseenCategoryShare: share(
    'categorical: share of present values whose category does not occur in the reference; null for numerical',
  ),
  approximate: z
    .boolean()
    .describe('true when outOfRangeShare was estimated from a quantile sketch rather than counted'),
});

export const qualitySchema = z.object({
  rows: z.int().nonnegative().describe('rows (events) accepted into the window'),
  rejected: z.int().nonnegative().describe('events rejected by schema validation'),
  features: z.array(featureQualitySchema),
});

export type FeatureQuality = z.infer<typeof featureQualitySchema>;
export type Quality = z.infer<typeof qualitySchema>;
