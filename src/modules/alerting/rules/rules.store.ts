import type { Queryable } from '../../../lib/db.js';
import type { Rule, RuleSpec } from './rules.schemas.js';

interface RuleRow {
  id: string;
  spec: RuleSpec;
  builtin: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}

const COLUMNS = 'id, spec, builtin, created_at, updated_at, updated_by';

const toRule = (row: RuleRow): Rule => ({
  ...row.spec,
  id: row.id,
  builtin: row.builtin,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  updatedBy: row.updated_by,
});

export function createRuleStore() {
  return {
    async find(db: Queryable, id: string, { forUpdate = false } = {}): Promise<Rule | null> {
      const { rows } = await db.query<RuleRow>(
        `SELECT ${COLUMNS} FROM alert_rules WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] ? toRule(rows[0]) : null;
    },

    async list(db: Queryable): Promise<Rule[]> {
      const { rows } = await db.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules ORDER BY id`);
      return rows.map(toRule);
    },

    /** The enabled rules that watch this evaluation window. */
    async listEnabled(db: Queryable, window: string): Promise<Rule[]> {
      const { rows } = await db.query<RuleRow>(
        `SELECT ${COLUMNS} FROM alert_rules
          WHERE (spec->>'enabled')::boolean AND spec->>'window' = $1
          ORDER BY id`,
        [window],
      );
      return rows.map(toRule);
    },

    /** Null when a rule with this id exists (created meanwhile by another request). */
    async insert(db: Queryable, id: string, spec: RuleSpec, actor: string): Promise<Rule | null> {
      const { rows } = await db.query<RuleRow>(
        `INSERT INTO alert_rules (id, spec, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [id, JSON.stringify(spec), actor],
      );
      return rows[0] ? toRule(rows[0]) : null;
    },

    async replace(db: Queryable, id: string, spec: RuleSpec, actor: string): Promise<Rule> {
      const { rows } = await db.query<RuleRow>(
        `UPDATE alert_rules SET spec = $2, updated_by = $3, updated_at = now() WHERE id = $1
         RETURNING ${COLUMNS}`,
        [id, JSON.stringify(spec), actor],
      );
      return toRule(rows[0]!);
    },

    /** The rules that name a channel. */
    async namingChannel(db: Queryable, channelId: string): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM alert_rules WHERE spec->'channels' ? $1 ORDER BY id`,
        [channelId],
      );
      return rows.map((r) => r.id);
    },

    async remove(db: Queryable, id: string): Promise<Rule | null> {
      const { rows } = await db.query<RuleRow>(`DELETE FROM alert_rules WHERE id = $1 RETURNING ${COLUMNS}`, [
        id,
      ]);
      return rows[0] ? toRule(rows[0]) : null;
    },
  };
}

export type RuleStore = ReturnType<typeof createRuleStore>;
