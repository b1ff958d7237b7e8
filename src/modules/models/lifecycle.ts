import { z } from 'zod';

/** A model's lifecycle (docs/inventory.md#lifecycle). */
export const LIFECYCLE_STATUSES = [
  'development',
  'validation',
  'approved',
  'production',
  'restricted',
  'retired',
] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/** Where each status may move to; retired is final. */
export const LIFECYCLE_MOVES: Readonly<Record<LifecycleStatus, readonly LifecycleStatus[]>> = {
  development: ['validation', 'retired'],
  validation: ['approved', 'development', 'retired'],
  approved: ['production', 'validation', 'retired'],
  production: ['restricted', 'validation', 'retired'],
  restricted: ['production', 'validation', 'retired'],
  retired: [],
};

export const lifecycleSchema = z
  .object({
    status: z.enum(LIFECYCLE_STATUSES),
    changedBy: z.string().nullable().describe('the API key id that moved it there; null for a new model'),
    changedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Lifecycle' });
export type Lifecycle = z.infer<typeof lifecycleSchema>;

export const lifecycleMoveSchema = z.object({
  status: z.enum(LIFECYCLE_STATUSES),
  comment: z.string().max(2_000).default(''),
});
export type LifecycleMove = z.infer<typeof lifecycleMoveSchema>;
