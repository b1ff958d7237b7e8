import { z } from 'zod';
import { modelIdSchema } from '../../domain/model-spec.js';
import { pageQuerySchema } from '../models/index.js';

/** Shared by rules, channels, alerts and silences: ids, severities, label names. */

/** Rule and channel ids are slugs, as model ids are. */
export const resourceIdSchema = modelIdSchema;

export { severitySchema, type Severity } from './channels/types.js';

export const alertStateSchema = z.enum(['inactive', 'pending', 'firing', 'resolved']);

/** Prometheus label names, so that Alertmanager accepts every label we send. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Labels every alert carries, set by modelwatch; a rule's own labels may not reuse them. */
export const RESERVED_LABELS = [
  'alertname',
  'rule',
  'model',
  'feature',
  'segment',
  'window',
  'severity',
] as const;

export const labelNameSchema = z
  .string()
  .max(100)
  .regex(LABEL_NAME_PATTERN, 'must match [a-zA-Z_][a-zA-Z0-9_]*')
  .refine((name) => !name.startsWith('__'), 'names starting with __ are reserved');

export { modelIdSchema };

export const pageQueryShape = pageQuerySchema.shape;
