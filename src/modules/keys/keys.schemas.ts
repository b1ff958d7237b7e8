import { z } from 'zod';
import { SCOPES } from '../../domain/principal.js';
import { modelIdSchema } from '../../domain/model-spec.js';
import { pageQuerySchema } from '../models/index.js';

export const keyIdSchema = z.string().regex(/^[0-9a-f]{12}$/, 'must be a key id: 12 hexadecimal characters');

export const createKeyBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200).describe('what the key is for, e.g. "credit-risk scorer"'),
    scopes: z
      .array(z.enum(SCOPES))
      .min(1)
      .refine((s) => new Set(s).size === s.length, 'scopes must not repeat')
      .describe('admin implies read and ingest'),
    models: z
      .array(modelIdSchema)
      .min(1)
      .max(1000)
      .optional()
      .describe('limit the key to these models; omitted for every model'),
  })
  .meta({ id: 'CreateApiKey' });

/** A key as listed: never its secret, never its hash. */
export const apiKeySchema = z
  .object({
    id: keyIdSchema,
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    models: z.array(z.string()).nullable().describe('null: every model'),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().describe('updated at most once a minute'),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdKeySchema = apiKeySchema
  .extend({ key: z.string().describe('the key itself: shown once, store it now') })
  .meta({ id: 'CreatedApiKey' });

export const listKeysQuerySchema = pageQuerySchema.extend({
  includeRevoked: z.stringbool().default(false).describe('true to list revoked keys too'),
});

export const keyListSchema = z.object({
  items: z.array(apiKeySchema).describe('oldest first'),
  nextCursor: z.string().nullable(),
});
export const keyParamsSchema = z.object({ keyId: keyIdSchema });

export type CreateKeyInput = z.infer<typeof createKeyBodySchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedKey = z.infer<typeof createdKeySchema>;
