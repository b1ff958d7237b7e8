import { z } from 'zod';
import {
  labelNameSchema,
  modelIdSchema,
  RESERVED_LABELS,
  resourceIdSchema,
  severitySchema,
} from '../alerting.schemas.js';
import { SEGMENT_KEY_PATTERN } from '../../../domain/model-spec.js';
import { renderTemplate, SAMPLE_VALUES, unknownPlaceholders } from './templates.js';

const featureNames = z.array(z.string().min(1).max(200)).min(1).max(1000);
const verdictOrScore = z
  .enum(['verdict', 'score'])
  .default('verdict')
  .describe('verdict: 1 when the method says drifted, else 0; score: the method’s statistic');

/** What a rule measures in each evaluation; see README.md for each value's definition. */
export const conditionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('feature_drift'),
    measure: verdictOrScore,
    features: featureNames.optional().describe('default: every feature; one alert per feature'),
  }),
  z.object({ kind: z.literal('dataset_drift_share') }),
  z.object({ kind: z.literal('prediction_drift'), measure: verdictOrScore }),
  z
    .object({ kind: z.literal('multivariate_drift'), measure: verdictOrScore })
    .describe("the numerical features' joint distribution (PCA reconstruction error; score: the mean error)"),
  z.object({
    kind: z.literal('performance'),
    source: z.enum(['realized', 'estimated']),
    metric: z.string().min(1).max(100).describe('accuracy, f1, rocAuc, mae …, as the evaluation names them'),
    relativeTo: z
      .enum(['none', 'reference'])
      .default('none')
      .describe('reference: the value is reference minus window (a drop is positive)'),
  }),
  z.object({ kind: z.literal('label_coverage') }),
  z.object({
    kind: z.literal('quality'),
    measure: z.enum(['missing', 'out_of_range', 'unseen_category']),
    features: featureNames.optional().describe('default: every feature; one alert per feature'),
  }),
  z.object({
    kind: z.literal('volume_drop'),
    // 1 − events / expected: 0 is the expected traffic, 1 is none at all.
  }),
  z.object({ kind: z.literal('silent_model') }),
]);
export type Condition = z.infer<typeof conditionSchema>;

export const comparatorSchema = z.enum(['>', '>=', '<', '<=']);
export type Comparator = z.infer<typeof comparatorSchema>;

const modelList = z.array(modelIdSchema).max(1000);

export const modelSelectorSchema = z.discriminatedUnion('match', [
  z.object({ match: z.literal('all'), exclude: modelList.default([]) }),
  z.object({ match: z.literal('models'), models: modelList.min(1) }),
  z.object({
    match: z.literal('tags'),
    tags: z
      .record(z.string().min(1).max(100), z.string().max(200))
      .refine((t) => Object.keys(t).length > 0, 'name at least one tag'),
    exclude: modelList.default([]),
  }),
]);
export type ModelSelector = z.infer<typeof modelSelectorSchema>;

/**
 * "Any segment": the rule is applied to each kept value (and `__other__`) of the selected models'
 * declared segment keys instead of the whole model, one alert per value (README.md "Segments").
 */
export const segmentScopeSchema = z
  .object({
    key: z
      .string()
      .regex(SEGMENT_KEY_PATTERN, 'must be 1–100 letters, digits, ".", "_" or "-"')
      .optional()
      .describe(
        'the segment key, e.g. country; a selected model that does not declare it is not matched. Default: every key each model declares',
      ),
  })
  .strict();
export type SegmentScope = z.infer<typeof segmentScopeSchema>;

const template = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((t, ctx) => {
      for (const name of unknownPlaceholders(t)) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}}` });
      }
    });

export const annotationsSchema = z.object({
  summary: template(1000).pipe(z.string().min(1)),
  description: template(10_000).optional(),
  runbookUrl: template(2000)
    .refine((t) => URL.canParse(renderTemplate(t, SAMPLE_VALUES)), 'must be a URL')
    .optional(),
});

const ruleLabelsSchema = z
  .record(labelNameSchema, z.string().max(1000))
  .superRefine((labels, ctx) => {
    for (const name of Object.keys(labels)) {
      if ((RESERVED_LABELS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is set by modelwatch` });
      }
    }
  })
  .default({});

/** The body of `PUT /v1/alert-rules/{ruleId}`. */
export const ruleSpecSchema = z
  .object({
    name: z.string().min(1).max(200).optional().describe('the alertname label; default: the rule id'),
    description: z.string().max(10_000).optional(),
    enabled: z.boolean().default(true),
    models: modelSelectorSchema.default({ match: 'all', exclude: [] }),
    condition: conditionSchema,
    comparator: comparatorSchema.describe('the value breaches when `value comparator threshold`'),
    threshold: z.number(),
    window: z.string().min(1).max(50).default('1h').describe('the evaluation window the rule watches'),
    segments: segmentScopeSchema
      .optional()
      .describe(
        'apply the rule to every segment value instead of the whole model: one alert per (model, segment value), read from the stored evaluation of each kept value and __other__ of the key (segment label "key:value"). Omitted: the whole model',
      ),
    alarmBudget: z
      .number()
      .positive()
      .max(10_000)
      .optional()
      .describe(
        'feature_drift and prediction_drift verdicts: false alerts this rule accepts per model per 30 days, spent over the features it watches and its window’s evaluations; default: the verdicts as evaluated (ALARM_BUDGET)',
      ),
    for: z
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .describe('consecutive breaching evaluations before the alert fires (pending until then)'),
    resolve: z
      .object({
        after: z
          .int()
          .min(1)
          .max(1000)
          .default(3)
          .describe('consecutive non-breaching evaluations after which a firing alert resolves'),
        margin: z
          .number()
          .nonnegative()
          .optional()
          .describe('resolve at once when the value is beyond the threshold by this much'),
      })
      .default({ after: 3 }),
    severity: severitySchema.default('warning'),
    labels: ruleLabelsSchema,
    annotations: annotationsSchema,
    channels: z
      .array(resourceIdSchema)
      .max(50)
      .optional()
      .describe('channel ids; omitted: the channels marked default; []: none'),
  })
  .meta({ id: 'AlertRuleSpec' });

export type RuleSpec = z.infer<typeof ruleSpecSchema>;
export type RuleSpecInput = z.input<typeof ruleSpecSchema>;

export const ruleParamsSchema = z.object({ ruleId: resourceIdSchema });

export const ruleSchema = ruleSpecSchema
  .extend({
    id: resourceIdSchema,
    builtin: z.boolean().describe('a default rule seeded for every model'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
  })
  .meta({ id: 'AlertRule' });
export type Rule = z.infer<typeof ruleSchema>;

export const ruleListSchema = z.object({
  items: z.array(ruleSchema).describe('one page, by id'),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
});
