import { withTransaction, type Pool } from '../../../lib/db.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.js';
import { assertMayWrite, mayAccess } from '../../../http/plugins/access.js';
import type { Principal } from '../../../domain/principal.js';
import { type AuditStore, recordChange } from '../../audit/index.js';
import type { AlertingService } from '../engine/alerting.service.js';
import type { ChannelStore } from '../channels/channels.store.js';
import type { Rule, RuleSpec } from './rules.schemas.js';
import type { RuleStore } from './rules.store.js';
import { ruleModels } from './selectors.js';

export interface RuleServiceDeps {
  pool: Pool;
  store: RuleStore;
  channels: Pick<ChannelStore, 'list'>;
  engine: Pick<AlertingService, 'retire' | 'stillRaisedBy'>;
  /** The evaluation windows configured (EVALUATION_WINDOWS): a rule must watch one of them. */
  windows: readonly string[];
  audit: AuditStore;
}

const notFound = (id: string) => new NotFoundError(`Alert rule "${id}" not found.`);
const visibleTo = (principal: Principal, rule: Rule) => mayAccess(principal, ruleModels(rule.models));
const SELECT_OWN_MODELS = 'a rule it writes must select only those models, by name ("match": "models")';

/**
 * Rules: stored as accepted. A rule that stops raising some of its open alerts (deleted,
 * disabled, another window, a model no longer selected) retires them: firing ones resolve, and
 * channels that heard them fire are told, so no receiver is left with an alert open for ever.
 * A key limited to models reaches only the rules that select models it holds, by name; the others
 * (`all`, `tags`, the default rules) concern the whole fleet (src/http/plugins/access.ts).
 */
export function createRuleService({ pool, store, channels, engine, windows, audit }: RuleServiceDeps) {
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

  /**
   * Under the row's lock, so that the rule cannot become fleet-wide between the check and the
   * write. Rule ids are one namespace: an id a rule the key cannot reach already holds is a 409,
   * which tells that the id is taken and nothing of that rule.
   */
  async function write(id: string, spec: RuleSpec, principal: Principal) {
    return withTransaction(pool, async (tx) => {
      const audited = (before: Rule | null, rule: Rule) =>
        audit.insert(
          tx,
          recordChange({ subject: `rule:${id}`, action: 'rule_set', actor: principal.keyId }, before, rule),
        );
      let existing = await store.find(tx, id, { forUpdate: true });
      if (!existing) {
        const rule = await store.insert(tx, id, spec, principal.keyId);
        if (rule) {
          await audited(null, rule);
          return { created: true, rule };
        }
        // Another request created it meanwhile (the next statement sees it): decide as for any rule.
        existing = await store.find(tx, id, { forUpdate: true });
        if (!existing) throw new ConflictError(`Alert rule "${id}" changed meanwhile; retry.`);
      }
      if (!visibleTo(principal, existing)) {
        throw new ConflictError(`The id "${id}" is taken by an alert rule this API key cannot change.`);
      }
      const rule = await store.replace(tx, id, spec, principal.keyId);
      await audited(existing, rule);
      return { created: false, rule };
    });
  }

  return {
    async put(id: string, spec: RuleSpec, principal: Principal): Promise<{ created: boolean; rule: Rule }> {
      assertMayWrite(principal, ruleModels(spec.models), SELECT_OWN_MODELS);
      assertWindowEvaluated(spec);
      await assertChannelsExist(spec);
      const result = await write(id, spec, principal);
      await engine.retire(result.rule, engine.stillRaisedBy(result.rule));
      return result;
    },

    async get(id: string, principal: Principal): Promise<Rule> {
      const rule = await store.find(pool, id);
      if (!rule || !visibleTo(principal, rule)) throw notFound(id);
      return rule;
    },

    async list(principal: Principal): Promise<Rule[]> {
      return (await store.list(pool)).filter((rule) => visibleTo(principal, rule));
    },

    async remove(id: string, principal: Principal): Promise<void> {
      const rule = await withTransaction(pool, async (tx) => {
        const existing = await store.find(tx, id, { forUpdate: true });
        if (!existing || !visibleTo(principal, existing)) throw notFound(id);
        const removed = await store.remove(tx, id);
        await audit.insert(tx, {
          subject: `rule:${id}`,
          action: 'rule_removed',
          actor: principal.keyId,
          changes: [{ path: '', before: existing }],
          before: existing,
        });
        return removed;
      });
      await engine.retire(rule!, async () => false);
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
