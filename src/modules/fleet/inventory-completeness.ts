import { z } from 'zod';

/**
 * The inventory records a regulator asks of every model (docs/kpis.md#inventory-completeness), as
 * paths into the model's spec. regulatoryClass and restrictions are left out: not every model has
 * one to record, so an empty one is not a gap.
 */
export const INVENTORY_FIELDS = [
  'owner',
  'purpose',
  'intendedUse',
  'businessOwner',
  'developerTeam',
  'validator',
  'validation.lastCompleted',
  'validation.nextDue',
  'approval.status',
  'trainingData',
  'trainingDataFingerprint',
  'artifact.uri',
  'codeVersion',
  'upstream',
  'downstream',
  'riskTier',
  'valueObjective',
] as const;

export const completenessSchema = z
  .object({
    share: z.number().min(0).max(1).describe(`inventory fields recorded / ${INVENTORY_FIELDS.length}`),
    missing: z.array(z.string()).describe('the fields not recorded, as paths into the model'),
  })
  .meta({ id: 'InventoryCompleteness' });
export type Completeness = z.infer<typeof completenessSchema>;

function recorded(spec: Record<string, unknown>, path: string): boolean {
  let value: unknown = spec;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<string, unknown>)[key];
  }
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== '';
}

export function completeness(spec: Record<string, unknown>): Completeness {
  const missing = INVENTORY_FIELDS.filter((path) => !recorded(spec, path));
  return { share: (INVENTORY_FIELDS.length - missing.length) / INVENTORY_FIELDS.length, missing };
}
