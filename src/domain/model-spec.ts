/**
 * The model spec: what a model is (its task, its features and how each is judged, its inventory
 * records). The kernel every layer shares: the registry stores it, ingest validates events
 * against it, stats summarises and evaluates by it.
 */
import { z } from 'zod';
import { featureDriftConfigSchema } from '../stats/drift/report.schemas.js';
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

/** A segment key as declared: also how it is written in a slice (`segment:country=DE`) and a query (`country:DE`). */
export const SEGMENT_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
/** The slice values beyond a key's cap fold into. */
export const OTHER_SEGMENT_VALUE = '__other__';

/**
 * Segment keys summarised per value (docs/adr/0003-summary-core.md §3): events' `segments[key]`
 * gets a slice per value, for the first `maxValues` values seen (src/modules/tiles/README.md
 * "Slices"); later values fold into `__other__`.
 */
export const segmentDeclarationSchema = z
  .object({
    key: z
      .string()
      .regex(SEGMENT_KEY_PATTERN, 'must be 1–100 letters, digits, ".", "_" or "-"')
      .describe("the key of events' `segments`, e.g. country"),
    maxValues: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('values kept apart; later values fold into __other__'),
  })
  .meta({ id: 'SegmentDeclaration' });

const segmentsSchema = z
  .array(segmentDeclarationSchema)
  .max(10)
  .refine((ss) => new Set(ss.map((s) => s.key)).size === ss.length, 'segment keys must be unique')
  .optional()
  .describe('segment keys summarised per value (at most 10 keys)');

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
      segments: segmentsSchema,
      valueObjective: valueObjectiveSchemas.binary_classification,
      positiveClass: classLabelSchema.default(1),
      /** Scores at or above this are predicted positive; used by CBPE. */
      decisionThreshold: z.number().min(0).max(1).default(0.5),
    }),
    z.object({
      ...inventorySchema,
      task: z.literal('multiclass_classification'),
      features: featuresSchema,
      segments: segmentsSchema,
      valueObjective: valueObjectiveSchemas.multiclass_classification,
      classes: z.array(classLabelSchema).min(2).max(1000),
    }),
    z.object({
      ...inventorySchema,
      task: z.literal('regression'),
      features: featuresSchema,
      segments: segmentsSchema,
      valueObjective: valueObjectiveSchemas.regression,
    }),
  ])
  .meta({ id: 'ModelSpec' });

export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelSpecInput = z.input<typeof modelSpecSchema>;
export type FeatureSpec = z.infer<typeof featureSchema>;
export type SegmentDeclaration = z.infer<typeof segmentDeclarationSchema>;
export type Task = ModelSpec['task'];
