import { jsonDiff } from '../../lib/json-diff.js';
import type { NewAuditEntry } from './audit.store.js';

/** Registry fields that change with every write and say nothing about what changed. */
const BOOKKEEPING = new Set(['createdAt', 'updatedAt', 'updatedBy']);

const content = (record: object | null): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !BOOKKEEPING.has(key)));

/** An audit entry for a record set from `before` (null: created) to `after`, bookkeeping left out. */
export function recordChange(
  entry: Omit<NewAuditEntry, 'changes' | 'before' | 'after'>,
  before: object | null,
  after: object,
): NewAuditEntry {
  const [b, a] = [content(before), content(after)];
  return { ...entry, changes: jsonDiff(b, a), ...(before ? { before: b } : {}), after: a };
}
