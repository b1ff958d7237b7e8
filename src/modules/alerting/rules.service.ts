import type { Pool } from '../../lib/db.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { AlertingService } from './alerting.service.js';
import type { ChannelStore } from './channels.store.js';
import type { Rule, RuleSpec } from './rules.schemas.js';
import type { RuleStore } from './rules.store.js';

export interface RuleServiceDeps {
  pool: Pool;
  store: RuleStore;
  channels: Pick<ChannelStore, 'list'>;
  engine: Pick<AlertingService, 'retire' | 'stillRaisedBy'>;
  /** The evaluation windows configured (EVALUATION_WINDOWS): a rule must watch one of them. */
  windows: readonly string[];
}

const notFound = (id: string) => new NotFoundError(`Alert rule "${id}" not found.`);

/**
 * Rules: stored as accepted. A rule that stops raising some of its open alerts (deleted,
 * disabled, another window, a model no longer selected) retires them: firing ones resolve, and
 * channels that heard them fire are told, so no receiver is left with an alert open for ever.
 */
export function createRuleService({ pool, store, channels, engine, windows }: RuleServiceDeps) {
  function assertWindowEvaluated(spec: RuleSpec): void {
    if (windows.includes(spec.window)) return;
    throw new ValidationError(`Window "${spec.window}" is not evaluated; use one of ${windows.join(', ')}.`, [
      { pointer: '/window', message: 'is not a configured evaluation window', location: 'body' },
    ]);
  }

  async function assertChannelsExist(spec: RuleSpec): Promise<void> {
    if (!spec.channels?.length) return;
    const known = new Set((await channels.list(pool)).map((c) => c.id));
    const errors = spec.channels.flatMap((id, i) =>
      known.has(id)
        ? []
        : [{ pointer: `/channels/${i}`, message: `no channel "${id}"`, location: 'body' as const }],
    );
    if (errors.length > 0) throw new ValidationError('The rule names channels that do not exist.', errors);
  }

  return {
    async put(id: string, spec: RuleSpec, actor: string): Promise<{ created: boolean; rule: Rule }> {
      assertWindowEvaluated(spec);
      await assertChannelsExist(spec);
      const result = await store.upsert(pool, id, spec, actor);
      await engine.retire(result.rule, engine.stillRaisedBy(result.rule));
      return result;
    },

    async get(id: string): Promise<Rule> {
      const rule = await store.find(pool, id);
      if (!rule) throw notFound(id);
      return rule;
    },

    async list(): Promise<Rule[]> {
      return store.list(pool);
    },

    async remove(id: string): Promise<void> {
      const rule = await store.remove(pool, id);
      if (!rule) throw notFound(id);
      await engine.retire(rule, async () => false);
    },

    /** Refuses to let a channel go while a rule names it (the rule would silently deliver nowhere). */
    async assertChannelUnused(channelId: string): Promise<void> {
      const rules = await store.namingChannel(pool, channelId);
      if (rules.length > 0) {
        throw new ConflictError(`Channel "${channelId}" is named by alert rules: ${rules.join(', ')}.`);
      }
    },
  };
}

export type RuleService = ReturnType<typeof createRuleService>;
