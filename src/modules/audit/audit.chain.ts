import { createHash } from 'node:crypto';
import type { Queryable } from '../../lib/db.js';

/** The first entry where the chain breaks, and how. */
export interface ChainBreak {
  id: number;
  reason: 'content changed' | 'previous entry changed or removed' | 'hash missing';
}

export interface ChainReport {
  entries: number;
  /** The last entry's hash (hex): recorded elsewhere, it also shows the newest entries were not cut off. */
  head: string | null;
  /** Null when every entry's hash and link hold. */
  broken: ChainBreak | null;
}

interface ChainRow {
  id: string;
  prev_hash: Buffer | null;
  hash: Buffer | null;
  text: string;
}

const PAGE = 1000;

/**
 * Recomputes the audit chain in id order (README.md "Chain"): each entry's hash must be
 * sha256(previous hash || its canonical text as Postgres renders it now), and its prev_hash the
 * hash of the entry before it. An edited entry fails the first check; a removed or reordered one
 * fails the second at the entry after it.
 */
export async function verifyAuditChain(db: Queryable): Promise<ChainReport> {
  let previous: Buffer | null = null;
  let entries = 0;
  let after = 0;
  for (;;) {
    const { rows } = await db.query<ChainRow>(
      `SELECT id, prev_hash, hash,
              audit_entry_text(id, model_id, api_key_id, subject, action, actor, at, changes, before, after) AS text
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, PAGE],
    );
    for (const row of rows) {
      const id = Number(row.id);
      const head = previous?.toString('hex') ?? null;
      if (row.hash === null) return { entries, head, broken: { id, reason: 'hash missing' } };
      if (!sameBytes(row.prev_hash, previous)) {
        return { entries, head, broken: { id, reason: 'previous entry changed or removed' } };
      }
      const expected = createHash('sha256')
        .update(row.prev_hash ?? Buffer.alloc(0))
        .update(row.text, 'utf8')
        .digest();
      if (!expected.equals(row.hash)) return { entries, head, broken: { id, reason: 'content changed' } };
      previous = row.hash;
      entries++;
      after = id;
    }
    if (rows.length < PAGE) return { entries, head: previous?.toString('hex') ?? null, broken: null };
  }
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
