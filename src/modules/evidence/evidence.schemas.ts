import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';
import {
  ackSchema,
  deliverySchema,
  transitionSchema,
  alertStateSchema,
  severitySchema,
  ruleSchema,
} from '../alerting/index.js';
import { auditEntrySchema } from '../audit/index.js';
import { modelStatusSchema, type ModelStatus } from '../evaluation/index.js';
import { incidentSchema, responseKpisSchema } from '../fleet/index.js';
import { modelSchema } from '../models/index.js';
import { driftMethodSchema, featureTypeSchema } from '../../stats/drift/report.schemas.js';

/** Bumped when a field changes meaning or goes; a field added keeps the version. */
export const EVIDENCE_SCHEMA_VERSION = 1;

/** A day's worst status is the first of these among its evaluations. */
export const WORST_FIRST: readonly ModelStatus[] = [
  'degraded',
  'silent',
  'drifting',
  'unknown',
  'insufficient_data',
  'healthy',
];

const at = () => z.iso.datetime();
const sha256Hex = () => z.string().regex(/^[0-9a-f]{64}$/);

const referenceInForceSchema = z.object({
  id: z.int().positive(),
  version: z.int().positive(),
  source: z.enum(['rows', 'traffic']),
  range: z
    .object({ from: at(), to: at() })
    .nullable()
    .describe('traffic references: the range they summarise'),
  rows: z.int().nonnegative(),
  labelled: z.int().nonnegative(),
  createdAt: at(),
  createdBy: z.string(),
  inForce: z
    .object({ from: at(), to: at() })
    .describe('the part of the period in which it was the newest version: [from, to)'),
  fingerprint: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .describe('sha256 over its stored profile and summary bytes (src/modules/evidence/README.md)'),
});

const driftSettingSchema = z.object({
  feature: z.string(),
  type: featureTypeSchema,
  method: driftMethodSchema.nullable().describe("the spec's method; null: chosen from the reference"),
  threshold: z.number().nullable().describe("the spec's threshold; null: the method's default"),
  learnedThreshold: z.boolean(),
  minSamples: z.int().nullable().describe('null: the default (100)'),
});

const count = () => z.int().nonnegative();
/** One property per status (modelStatusSchema), so that every count is there, zeros included. */
const statusCountsSchema = z.object({
  healthy: count(),
  drifting: count(),
  degraded: count(),
  silent: count(),
  insufficient_data: count(),
  unknown: count(),
} satisfies Record<ModelStatus, unknown>);

const evaluationDaySchema = z.object({
  day: z.iso.date().describe('a UTC day: evaluations whose window ended on it (and within the period)'),
  window: z.string(),
  evaluations: z.int().nonnegative(),
  byStatus: statusCountsSchema,
  worstStatus: modelStatusSchema
    .nullable()
    .describe(`worst first: ${WORST_FIRST.join(', ')}; null without evaluations`),
  maxDriftedFeatures: z.int().nonnegative().nullable(),
  driftedFeatures: z.array(z.string()).describe('features judged drifted in any of them, by name'),
  headline: z
    .object({
      metric: z.string(),
      evaluations: z.int().positive().describe('evaluations with a value'),
      min: z.number(),
      mean: z.number(),
      max: z.number(),
    })
    .nullable()
    .describe('the headline metric: realized where any prediction was labelled, else the CBPE estimate'),
});
export type EvaluationDay = z.infer<typeof evaluationDaySchema>;

const episodeSchema = z.object({
  episode: z.int(),
  transitions: z.array(transitionSchema).describe('oldest first'),
  acknowledgements: z.array(ackSchema).describe('oldest first'),
  deliveries: z.array(deliverySchema).describe('each notification with its attempts, oldest first'),
});

const evidenceAlertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  feature: z.string().nullable(),
  window: z.string(),
  severity: severitySchema,
  threshold: z.number(),
  state: alertStateSchema.describe('its state when the record was generated'),
  episodes: z.array(episodeSchema).describe('the episodes open at some time in the period, whole'),
});
export type EvidenceAlert = z.infer<typeof evidenceAlertSchema>;

/** Episodes an evidence record lists at most (the latest), so that a flapping alert keeps it bounded. */
export const MAX_EVIDENCE_EPISODES = 1_000;

export const chainReportSchema = z.object({
  ok: z.boolean(),
  entries: z.int().nonnegative().describe('entries of the whole log verified before any break'),
  head: z.string().nullable().describe('the hash (hex) of the last entry that holds'),
  broken: z
    .object({
      id: z.int(),
      reason: z.enum(['content changed', 'previous entry changed or removed', 'hash missing']),
    })
    .nullable()
    .describe('the first entry where the chain breaks'),
});

/** The evidence record (docs/inventory.md#evidence-export). */
export const evidenceSchema = z
  .object({
    schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
    generatedAt: at(),
    period: z.object({ from: at(), to: at().describe('exclusive') }),
    modelId: z.string(),
    inventory: z.object({
      atFrom: modelSchema.nullable().describe('replayed from the audit log; null: not registered yet'),
      atTo: modelSchema.nullable(),
    }),
    references: z.array(referenceInForceSchema).describe('the versions in force in the period, oldest first'),
    driftSettings: z.array(driftSettingSchema).describe("each feature's drift settings in the spec at `to`"),
    rules: z.object({
      asOf: at().describe('rules are read as configured when the record was generated'),
      items: z.array(ruleSchema).describe('the rules that select the model, enabled or not'),
      withheld: z
        .int()
        .nonnegative()
        .describe(
          'rules selecting it that concern the whole fleet, which a key limited to models may not read',
        ),
    }),
    evaluations: z.object({
      windows: z.array(z.string()),
      days: z.array(evaluationDaySchema).describe('every UTC day of the period, for each window'),
    }),
    alerts: z
      .array(evidenceAlertSchema)
      .describe(
        `the alerts open in the period, with at most ${MAX_EVIDENCE_EPISODES} episodes in all, the latest`,
      ),
    alertEpisodesOmitted: z
      .int()
      .nonnegative()
      .describe('episodes open in the period left out, older than those listed; 0 when the list is whole'),
    audit: z.object({
      entries: z
        .array(auditEntrySchema.extend({ hash: sha256Hex().nullable() }))
        .describe("the model's entries in the period, oldest first, with their chain hash"),
      chain: chainReportSchema.describe('the whole log verified when the record was generated'),
    }),
    kpis: z.object({
      response: responseKpisSchema.describe('as GET /v1/fleet/response?model= reports them for the period'),
      incidents: z.array(incidentSchema),
    }),
    digest: z.object({
      algorithm: z.literal('sha256'),
      value: sha256Hex().describe('of the record without `digest`, as canonical JSON (RFC 8785)'),
    }),
  })
  .meta({ id: 'Evidence' });
export type Evidence = z.infer<typeof evidenceSchema>;

export const evidenceQuerySchema = z
  .object({
    from: apiDateTime()
      .optional()
      .describe('start of the period; default: 30 days before `to`; at most 366 days before it'),
    to: apiDateTime().optional().describe('end of the period (exclusive); default: now'),
    format: z
      .enum(['json', 'html'])
      .optional()
      .describe('html: the same record as a page to read or print (also for Accept: text/html)'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type EvidenceQuery = z.infer<typeof evidenceQuerySchema>;
