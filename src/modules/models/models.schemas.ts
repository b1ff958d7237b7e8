import { z } from 'zod';
import { featureDriftConfigSchema } from '../../stats/drift/report.schemas.js';
import { apiDateTime } from '../../lib/api-time.js';
import { lifecycleSchema } from './lifecycle.js';
import { valueObjectiveSchemas } from './value-objective.js';

export const MODEL_ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$/;

export const modelIdSchema = z
  .string()
  .regex(
    MODEL_ID_PATTERN,
    'must be a slug: lowercase letters, digits, ".", "_" or "-", at most 128 characters',
  );

export const featureSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(['numerical', 'categorical']),
  /** Missing values are allowed unless a feature says otherwise. */
  nullable: z.boolean().default(true),
  drift: featureDriftConfigSchema.optional(),
});

const classLabelSchema = z.union([z.string().min(1), z.number()]);

const person = () => z.string().min(1).max(200);
const text = (max: number) => z.string().min(1).max(max);
/** A content hash, `<algorithm>:<hex>` (sha256:9f86d0…). */
const digest = () =>
  z
    .string()
    .regex(
      /^(sha256|sha384|sha512|md5|sha1):[0-9a-f]{32,128}$/,
      'must be <algorithm>:<lowercase hex>, e.g. sha256:9f86…',
    );
const names = () =>
  z
    .array(text(300))
    .max(100)
    .refine((xs) => new Set(xs).size === xs.length, 'must not repeat');

/** Governance records (docs/inventory.md): optional, validated, audited with every change. */
const governanceSchema = {
  purpose: text(2_000).optional().describe('what the model is for, in a sentence or two'),
  intendedUse: text(10_000).optional(),
  restrictions: text(10_000).optional().describe('uses the model must not be put to'),
  businessOwner: person().optional(),
  developerTeam: person().optional(),
  validator: person().optional().describe('the independent validator (team or person)'),
  validation: z
    .object({
      lastCompleted: z.iso.date().optional(),
      nextDue: z.iso.date().optional(),
      outcome: z.enum(['passed', 'passed_with_findings', 'failed']).optional(),
      reportUrl: z.url().optional(),
    })
    .refine((v) => !v.lastCompleted || !v.nextDue || v.nextDue >= v.lastCompleted, {
      message: 'nextDue must not be before lastCompleted',
      path: ['nextDue'],
    })
    .optional(),
  approval: z
    .object({
      status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
      approver: person().optional(),
      date: z.iso.date().optional(),
    })
    .optional(),
  trainingDataFingerprint: digest()
    .optional()
    .describe('the hash of the training data set trainingData names'),
  artifact: z
    .object({ uri: text(2_000), hash: digest().optional() })
    .optional()
    .describe('the model artifact'),
  codeVersion: text(200).optional().describe('the training code version, e.g. a git commit'),
  upstream: names().optional().describe('data sources the model depends on'),
  downstream: names().optional().describe('systems and decisions that consume its predictions'),
  regulatoryClass: names().optional().describe('free tags such as eu-ai-act:high-risk or sr-11-7:tier-1'),
};

const inventorySchema = {
  name: z.string().min(1).max(200),
  owner: z.string().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  trainingData: z.string().max(2_000).optional(),
  riskTier: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  tags: z.record(z.string().min(1).max(100), z.string().max(200)).default({}),
  links: z.record(z.string().min(1).max(100), z.string().url()).default({}),
  ...governanceSchema,
};

const featuresSchema = z
  .array(featureSchema)
  .min(1)
  .max(1000)
  .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, 'feature names must be unique');

/** The registration body of `PUT /v1/models/{modelId}`, and the schema file of `modelwatch report`. */
export const modelSpecSchema = z
  .discriminatedUnion('task', [
    z.object({
      ...inventorySchema,
      task: z.literal('binary_classification'),
      features: featuresSchema,
      valueObjective: valueObjectiveSchemas.binary_classification,
      positiveClass: classLabelSchema.default(1),
      /** Scores at or above this are predicted positive; used by CBPE. */
      decisionThreshold: z.number().min(0).max(1).default(0.5),
    }),
    z.object({
      ...inventorySchema,
      task: z.literal('multiclass_classification'),
      features: featuresSchema,
      valueObjective: valueObjectiveSchemas.multiclass_classification,
      classes: z.array(classLabelSchema).min(2).max(1000),
    }),
    z.object({
      ...inventorySchema,
      task: z.literal('regression'),
      features: featuresSchema,
      valueObjective: valueObjectiveSchemas.regression,
    }),
  ])
  .meta({ id: 'ModelSpec' });

export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelSpecInput = z.input<typeof modelSpecSchema>;
export type FeatureSpec = z.infer<typeof featureSchema>;
export type Task = ModelSpec['task'];

/* ---- The registry's HTTP contract: a registered model, listing and audit pages. ---- */

export const modelParamsSchema = z.object({ modelId: modelIdSchema });

const modelMetaShape = {
  id: modelIdSchema,
  schemaVersion: z
    .number()
    .int()
    .positive()
    .describe('bumped when the task, the features (name, type, nullable), classes or positiveClass change'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  archivedAt: z.iso.datetime().nullable().describe('set by DELETE; data is kept until retention'),
  lifecycle: lifecycleSchema,
};

const [binaryModel, multiclassModel, regressionModel] = modelSpecSchema.options;

/**
 * A registered model: its spec as accepted (defaults filled in) and the registry's fields. Each
 * task's object is extended, not intersected: an allOf of two closed objects would admit nothing.
 */
export const modelSchema = z
  .discriminatedUnion('task', [
    binaryModel.extend(modelMetaShape),
    multiclassModel.extend(modelMetaShape),
    regressionModel.extend(modelMetaShape),
  ])
  .meta({ id: 'Model' });
export type Model = z.infer<typeof modelSchema>;

const tagFilterSchema = z
  .string()
  .regex(/^[^:]{1,100}:.{0,200}$/s, 'must be key:value')
  .describe('key:value; repeat to require several tags');

/** `?tag=` repeated arrives as an array, once as a string. */
const tagFiltersSchema = z
  .union([tagFilterSchema, z.array(tagFilterSchema)])
  .optional()
  .transform((tags) =>
    (tags === undefined ? [] : [tags].flat()).map((t) => {
      const at = t.indexOf(':');
      return [t.slice(0, at), t.slice(at + 1)] as const;
    }),
  );

const includeArchivedSchema = z.stringbool().default(false).describe('true to include archived models');

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page'),
});

export const listModelsQuerySchema = pageQuerySchema.extend({
  asOf: apiDateTime()
    .optional()
    .describe(
      'the inventory as it was at this time, replayed from the audit log (specs, archiving, schema versions)',
    ),
  owner: z.string().min(1).max(200).optional(),
  tag: tagFiltersSchema,
  includeArchived: includeArchivedSchema,
});

export const getModelQuerySchema = z.object({ includeArchived: includeArchivedSchema });

export const modelPageSchema = z.object({ items: z.array(modelSchema), nextCursor: z.string().nullable() });

export type ListModelsQuery = z.infer<typeof listModelsQuerySchema>;

/* ---- Model versions as seen in traffic (docs/inventory.md#model-versions). ---- */

export const modelVersionSchema = z
  .object({
    version: z.string().describe('the `modelVersion` predictions carried'),
    firstSeen: z.iso.datetime().describe('the event time (`timestamp`) of its earliest prediction'),
    lastSeen: z.iso.datetime().describe('the event time of its latest prediction'),
    predictions: z
      .number()
      .int()
      .nonnegative()
      .describe('its predictions stored (duplicates are not), counted as their batches are folded'),
  })
  .meta({ id: 'ModelVersion' });
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const modelVersionPageSchema = z.object({
  items: z.array(modelVersionSchema),
  nextCursor: z.string().nullable(),
});
