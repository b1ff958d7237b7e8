import { z } from 'zod';
import { pageQuerySchema } from '../../lib/cursor.js';

export const AUDIT_ACTIONS = [
  'created',
  'replaced',
  'archived',
  'restored',
  'key_created',
  'key_revoked',
  'reference_set',
  'rule_set',
  'rule_removed',
  'channel_set',
  'channel_removed',
  'silence_created',
  'silence_expired',
  'alert_acknowledged',
  'lifecycle_moved',
  'session_created',
  'session_revoked',
  'login_token_created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditChangeSchema = z
  .object({
    path: z.string().describe('JSON pointer into the model spec; "" for the whole document'),
    before: z.unknown().optional().describe('absent when the value was added'),
    after: z.unknown().optional().describe('absent when the value was removed'),
  })
  .meta({ id: 'AuditChange' });

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    action: z.enum(AUDIT_ACTIONS),
    modelId: z.string().nullable().describe('the model it is about, if any'),
    apiKeyId: z.string().nullable().describe('the API key it is about, if any'),
    subject: z
      .string()
      .nullable()
      .describe(
        "what else it is about: 'rule:<id>', 'channel:<id>', 'silence:<id>', 'alert:<id>' or 'session:<id>'",
      ),
    actor: z.string().describe('the id of the API key that made the change, "bootstrap" or "cli"'),
    at: z.iso.datetime(),
    changes: z.array(auditChangeSchema),
  })
  .meta({ id: 'AuditEntry' });

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditChange = z.infer<typeof auditChangeSchema>;

export const auditQuerySchema = pageQuerySchema.extend({
  subject: z.string().min(1).max(300).optional().describe("one subject's entries, e.g. rule:drift-share"),
  model: z.string().min(1).max(200).optional().describe("one model's entries"),
});

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
