import { z } from 'zod';
import { modelIdSchema } from '../models/models.schemas.js';

/** Shared by rules, channels, alerts and silences: ids, severities, label names. */

export const RESOURCE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$/;

export const resourceIdSchema = z
  .string()
  .regex(
    RESOURCE_ID_PATTERN,
    'must be a slug: lowercase letters, digits, ".", "_" or "-", at most 128 characters',
  );

export { severitySchema, type Severity } from './channels/types.js';

export const alertStateSchema = z.enum(['inactive', 'pending', 'firing', 'resolved']);

/** Prometheus label names, so that Alertmanager accepts every label we send. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Labels every alert carries, set by modelwatch; a rule's own labels may not reuse them. */
export const RESERVED_LABELS = ['alertname', 'rule', 'model', 'feature', 'window', 'severity'] as const;

export const labelNameSchema = z
  .string()
  .max(100)
  .regex(LABEL_NAME_PATTERN, 'must match [a-zA-Z_][a-zA-Z0-9_]*')
  .refine((name) => !name.startsWith('__'), 'names starting with __ are reserved');

export const labelsSchema = z.record(z.string(), z.string());

export { modelIdSchema };

export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page'),
};
