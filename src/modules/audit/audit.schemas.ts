import { z } from 'zod';

export const AUDIT_ACTIONS = [
  'created',
  'replaced',
  'archived',
  'restored',
  'key_created',
  'key_revoked',
  'reference_set',
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
    actor: z.string().describe('the id of the API key that made the change, "bootstrap" or "cli"'),
    at: z.iso.datetime(),
    changes: z.array(auditChangeSchema),
  })
  .meta({ id: 'AuditEntry' });

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditChange = z.infer<typeof auditChangeSchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
