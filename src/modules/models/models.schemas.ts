import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';
import { modelIdSchema, modelSpecSchema } from '../../domain/model-spec.js';
import { lifecycleSchema } from './lifecycle.js';

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
    live: z
      .boolean()
      .describe(
        'seen in the status window ending now (lastSeen within its length): its traffic is evaluated as a slice (`?version=`)',
      ),
  })
  .meta({ id: 'ModelVersion' });
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const modelVersionPageSchema = z.object({
  items: z.array(modelVersionSchema),
  nextCursor: z.string().nullable(),
});
