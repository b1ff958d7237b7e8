import { z } from 'zod';
import { MODEL_STATUSES, modelStatusSchema, volumeSchema } from '../evaluation/index.js';
import { LIFECYCLE_STATUSES } from '../models/index.js';
import { functioningSchema } from './functioning.js';
import { completenessSchema } from './inventory-completeness.js';
import { objectiveStatusSchema, valueKpisSchema } from './value-kpis.js';

const share = (description: string) => z.number().min(0).max(1).nullable().describe(description);

export const fleetModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  task: z.string(),
  owner: z.string().nullable(),
  lifecycle: z.enum(LIFECYCLE_STATUSES),
  status: modelStatusSchema.describe('of the latest evaluation of the status window; unknown before any'),
  statusReason: z.string(),
  evaluatedAt: z.iso.datetime().nullable(),
  lastJudged: z
    .object({
      status: modelStatusSchema,
      evaluatedAt: z.iso.datetime(),
      ageSeconds: z.number().nonnegative().describe('at generatedAt'),
    })
    .nullable()
    .describe(
      'when the status is insufficient_data: the newest status of the status window that judged something, and how old it is; null otherwise, or when none ever did',
    ),
  lastEventAt: z.iso.datetime().nullable().describe('the newest event time, as of the latest evaluation'),
  driftedFeatures: z.int().nonnegative().nullable(),
  headline: z
    .object({
      metric: z.enum(['accuracy', 'mae']),
      value: z.number(),
      kind: z
        .enum(['realized', 'estimated'])
        .describe('realized when any prediction is labelled, else estimated'),
    })
    .nullable(),
  performance: z
    .object({
      metric: z.enum(['accuracy', 'mae']),
      realized: z.number().nullable().describe('from outcomes; null without enough labelled predictions'),
      estimated: z.number().nullable().describe("CBPE's estimate; null for models it cannot estimate"),
    })
    .nullable()
    .describe('the headline metric both ways, realized beside estimated; null without a reference'),
  worstSegments: z
    .array(
      z.object({
        segment: z.string().describe('key:value, as `?segment=` takes it'),
        status: modelStatusSchema,
      }),
    )
    .describe(
      'up to 3 segment values that are not healthy in the newest stored evaluation of the status window, worst first (degraded, drifting, silent, insufficient_data, unknown; then the larger drift share); empty when every value is healthy or the model declares no segments. All of them: GET /v1/models/{id}/segments',
    ),
  volume: volumeSchema.nullable().describe('events in the status window against what was expected'),
  labelCoverage: share('labelled / all predictions in the window'),
  functioning: functioningSchema.describe(
    'functioning properly: no when degraded or silent, a critical alert fires, or validation is overdue; unknown when not judged or silenced',
  ),
  objective: objectiveStatusSchema
    .nullable()
    .describe('the value objective with its latest judgement; null when the model declares none'),
  value: z
    .record(z.string(), z.object({ count: z.int().nonnegative(), sum: z.number() }))
    .describe(
      "per evaluation window: the outcomes' values in its latest evaluation (count of outcomes carrying one, total)",
    ),
  inventoryCompleteness: completenessSchema,
  liveVersions: z
    .array(z.string())
    .describe(
      'the model versions seen in the status window ending now (as GET /v1/models/{id}/versions marks them live), at most the 10 most recently seen, in version order; more than one during a rollout',
    ),
});
export type FleetModel = z.infer<typeof fleetModelSchema>;

export const fleetSchema = z
  .object({
    generatedAt: z.iso.datetime(),
    statusWindow: z.string().describe('the window whose evaluations give the status (STATUS_WINDOW)'),
    windows: z.array(z.string()).describe('every evaluated window (EVALUATION_WINDOWS), shortest first'),
    kpis: z.object({
      models: z.int().nonnegative(),
      healthyShare: share('models healthy / models; null without models'),
      withOutcomesLast7DaysShare: share('models that received outcomes in the last 7 days / models'),
      silent: z.int().nonnegative(),
      functioning: z
        .object({ yes: z.int().nonnegative(), no: z.int().nonnegative(), unknown: z.int().nonnegative() })
        .describe('models functioning properly, not, and those it cannot be told of'),
      value: valueKpisSchema.describe('value and governance KPIs (docs/kpis.md#value)'),
      byStatus: z.object(
        Object.fromEntries(MODEL_STATUSES.map((s) => [s, z.int().nonnegative()])) as Record<
          (typeof MODEL_STATUSES)[number],
          z.ZodInt
        >,
      ),
    }),
    models: z
      .array(fleetModelSchema)
      .describe('one page of the models the key may see, by id (the KPIs count them all)'),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
  })
  .meta({ id: 'Fleet' });
export type Fleet = z.infer<typeof fleetSchema>;

export { pageQuerySchema as fleetQuerySchema, type PageQuery as FleetQuery } from '../../domain/paging.js';
