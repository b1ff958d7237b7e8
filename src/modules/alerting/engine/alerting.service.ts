import { evaluatedEverySeconds, type EvaluationCadence } from '../../../lib/windows.js';
import type { Logger } from 'pino';
import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import { nextAlert, notificationPayload } from '../alerts/alert-build.js';
import type { AlertStore, StoredAlert } from '../alerts/alerts.store.js';
import type { ChannelStore, StoredChannel } from '../channels/channels.store.js';
import { observe, read } from '../rules/conditions.js';
import { planNotification, type ChannelType } from '../delivery/delivery-plan.js';
import type { OnsetEstimator } from '../alerts/drift-onset.js';
import { alertFingerprint } from '../alerts/identity.js';
import {
  evaluationSnapshotSchema,
  type EvaluationSnapshot,
  type EvaluationSnapshotInput,
} from './evaluation-snapshot.js';
import type { Transition } from '../alerts/lifecycle.js';
import type { NotificationStore, NotificationWrite } from '../delivery/notifications.store.js';
import type { Rule } from '../rules/rules.schemas.js';
import type { RuleStore } from '../rules/rules.store.js';
import { readsSegment, selects, stillApplies } from '../rules/selectors.js';
import { matchingSilence, type ActiveSilence } from '../silences/silences.match.js';
import type { SilenceStore } from '../silences/silences.store.js';

export interface AlertingServiceDeps {
  pool: Pool;
  stores: {
    rules: RuleStore;
    alerts: AlertStore;
    notifications: NotificationStore;
    silences: SilenceStore;
    channels: ChannelStore;
  };
  /** A model's tags, or null when the model is not registered. */
  modelTags: (modelId: string) => Promise<Record<string, string> | null>;
  /** Puts a queued notification on the notify queue (job id = notification id). */
  enqueueNotification: (notificationId: string) => Promise<void>;
  onSuppressed: (channelType: ChannelType) => void;
  externalUrl: string;
  resolvedResendMs: number;
  /**
   * How often each window is evaluated (EVALUATION_INTERVAL_SECONDS, EVALUATION_WINDOW_INTERVALS),
   * for rules' own budgets.
   */
  cadence?: EvaluationCadence;
  /** Estimates when a drift alert's change began, as it fires (drift-onset.ts). */
  onset?: OnsetEstimator;
  log: Logger;
  now?: () => Date;
}

export interface EvaluationOutcome {
  alerts: {
    id: string;
    ruleId: string;
    feature: string | null;
    state: string;
    transition: Transition | null;
  }[];
  notifications: { id: string; channelId: string; status: string; suppressed: boolean }[];
}

interface Decided {
  alert: StoredAlert;
  rule: Rule;
  windowEnd: Date;
}

/**
 * The rule engine. `onEvaluation` is what the evaluation job calls once an evaluation is stored:
 * it applies every enabled rule that watches the window and selects the model, steps each alert's
 * lifecycle, records transitions, and decides notifications, all in one transaction; notifications
 * are enqueued after the commit (the worker's reconciler enqueues any that this misses).
 * Idempotent: a replayed evaluation changes nothing, nor does one of an earlier window end; the
 * same window end evaluated later refines the earlier reading rather than counting twice.
 */
export function createAlertingService(deps: AlertingServiceDeps) {
  const { pool, stores, log } = deps;
  const now = deps.now ?? (() => new Date());
  const cadence = deps.cadence ?? { intervalSeconds: 60 };

  /** The channels a rule delivers to: the ones it names, or the default ones when it names none. */
  function routes(rule: Rule, channels: readonly StoredChannel[]): StoredChannel[] {
    if (rule.channels === undefined) return channels.filter((c) => c.isDefault);
    return channels.filter((c) => rule.channels!.includes(c.id));
  }

  async function decideNotifications(
    client: PoolClient,
    decided: readonly Decided[],
    channels: readonly StoredChannel[],
    silences: readonly ActiveSilence[],
  ): Promise<{ planned: EvaluationOutcome['notifications']; queued: string[] }> {
    const last = await stores.notifications.lastNotified(
      client,
      decided.map((d) => d.alert.id),
    );
    const at = now();
    const planned: EvaluationOutcome['notifications'] = [];
    const queued: string[] = [];
    for (const { alert, rule, windowEnd } of decided) {
      const silence = matchingSilence(silences, alert.labels, at);
      for (const channel of routes(rule, channels)) {
        const plan = planNotification({
          alert,
          channel,
          windowEnd,
          last: last(alert.id, channel.id),
          silenced: silence !== null,
          resolvedResendMs: deps.resolvedResendMs,
        });
        if (!plan) continue;
        const write: NotificationWrite = {
          id: plan.id,
          alertId: alert.id,
          channelId: channel.id,
          channelType: channel.type,
          episode: alert.episode,
          status: plan.status,
          payload: notificationPayload(alert, plan, deps.externalUrl),
          state: plan.suppressed ? 'suppressed' : 'queued',
          silenceId: silence?.id ?? null,
        };
        if (await stores.notifications.insert(client, write)) queued.push(plan.id);
        if (plan.suppressed) deps.onSuppressed(channel.type);
        planned.push({
          id: plan.id,
          channelId: channel.id,
          status: plan.status,
          suppressed: plan.suppressed,
        });
      }
    }
    return { planned, queued };
  }

  async function enqueueAll(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      await deps.enqueueNotification(id).catch((err: unknown) => {
        // The row stays queued in Postgres; the reconciler enqueues it again.
        log.warn({ notificationId: id, err }, 'enqueueing a notification failed');
      });
    }
  }

  type DeliveryContext = Awaited<ReturnType<typeof deliveryContext>>;

  async function deliveryContext() {
    const [channels, silences] = await Promise.all([
      stores.channels.list(pool),
      stores.silences.active(pool, now()),
    ]);
    return { channels, silences };
  }

  /** The enabled rules of this window that select the model; none when the model is not registered. */
  async function rulesFor(modelId: string, window: string): Promise<Rule[]> {
    const rules = await stores.rules.listEnabled(pool, window);
    const tags = rules.length === 0 ? null : await deps.modelTags(modelId);
    if (tags === null) return [];
    return rules.filter((rule) => selects(rule.models, modelId, tags));
  }

  /**
   * Steps the alerts the rules raise on evaluations of one model and window end (the whole
   * model's, or its segment values': a rule reads only the kind its `segments` says) and decides
   * their notifications, in one transaction; notifications are enqueued after the commit.
   */
  async function apply(
    snapshots: readonly EvaluationSnapshot[],
    rules: readonly Rule[],
    context: () => Promise<DeliveryContext>,
  ): Promise<EvaluationOutcome> {
    const candidates = snapshots.flatMap((snapshot) =>
      rules
        .filter((rule) => readsSegment(rule.segments, snapshot.segment))
        .flatMap((rule) =>
          observe(rule.condition, snapshot, {
            alarmBudget: rule.alarmBudget,
            intervalSeconds: evaluatedEverySeconds(cadence, snapshot.window),
          }).map((observation) => ({ snapshot, rule, observation })),
        ),
    );
    if (candidates.length === 0) return { alerts: [], notifications: [] };
    const { channels, silences } = await context();

    const result = await withTransaction(pool, async (client) => {
      const built = candidates.map(({ snapshot, rule, observation }) => ({
        snapshot,
        rule,
        observation,
        id: alertFingerprint(rule.id, {
          model: snapshot.modelId,
          feature: observation.feature,
          segment: snapshot.segment,
        }),
        reading: read(observation.value, { ...rule, margin: rule.resolve.margin }),
      }));
      const previous = await stores.alerts.lock(
        client,
        built.map((b) => b.id),
      );
      const decided: Decided[] = [];
      const alerts: EvaluationOutcome['alerts'] = [];
      for (const { snapshot, rule, observation, reading, id } of built) {
        const { modelId, segment } = snapshot;
        const windowEnd = new Date(snapshot.windowEnd);
        const evaluatedAt = new Date(snapshot.evaluatedAt);
        const next = nextAlert(
          rule,
          { modelId, segment },
          observation,
          reading,
          { windowEnd, evaluatedAt },
          previous.get(id) ?? null,
        );
        if (!next) continue;
        const { alert, transition } = next;
        // The onset is read from the whole model's evaluations: a segment value's alert has none.
        if (transition?.to === 'firing' && deps.onset && segment === null) {
          const { feature } = observation;
          alert.driftStartedAt = await deps.onset(client, {
            modelId,
            condition: rule.condition,
            feature,
            firedAt: windowEnd,
          });
        }
        await stores.alerts.upsert(client, alert);
        if (transition) {
          await stores.alerts.insertTransition(client, {
            alertId: alert.id,
            episode: alert.episode,
            ...transition,
            value: observation.value,
            at: windowEnd,
            reason: 'evaluation',
            driftStartedAt: transition.to === 'firing' ? alert.driftStartedAt : null,
          });
        }
        decided.push({ alert, rule, windowEnd });
        alerts.push({
          id: alert.id,
          ruleId: rule.id,
          feature: alert.feature,
          state: alert.state,
          transition,
        });
      }
      const { planned, queued } = await decideNotifications(client, decided, channels, silences);
      return { alerts, notifications: planned, queued };
    });
    await enqueueAll(result.queued);
    return { alerts: result.alerts, notifications: result.notifications };
  }

  return {
    /**
     * One evaluation: the whole model's (the rules without `segments`), or a segment value's when
     * `segment` is set (the segment rules); only rules that select the model. With `segments`,
     * then the evaluations of the model's segment values of the same window end, each read as
     * its own evaluation (all in one transaction); they are loaded only when a segment rule
     * selects the model, so a fleet without segment rules pays nothing more.
     */
    async onEvaluation(
      input: EvaluationSnapshotInput,
      { segments }: { segments?: () => Promise<EvaluationSnapshotInput[]> } = {},
    ): Promise<EvaluationOutcome> {
      const snapshot = evaluationSnapshotSchema.parse(input);
      const rules = await rulesFor(snapshot.modelId, snapshot.window);
      // Channels and silences are read once, and only if some rule raises an alert.
      let context: Promise<DeliveryContext> | undefined;
      const shared = () => (context ??= deliveryContext());
      const outcome = await apply([snapshot], rules, shared);
      if (!segments || !rules.some((rule) => rule.segments !== undefined)) return outcome;
      // Every value in one transaction: a model's values are stepped together, as its features are.
      const values = (await segments()).map((value) => evaluationSnapshotSchema.parse(value));
      const { alerts, notifications } = await apply(values, rules, shared);
      return {
        alerts: [...outcome.alerts, ...alerts],
        notifications: [...outcome.notifications, ...notifications],
      };
    },

    /**
     * Ends the open alerts a rule no longer raises, after it was deleted, disabled or narrowed:
     * firing ones resolve (and channels that heard them fire are told), pending ones go inactive.
     */
    async retire(rule: Rule, keep: (alert: StoredAlert) => Promise<boolean>): Promise<number> {
      const { channels, silences } = await deliveryContext();
      const at = now();
      const result = await withTransaction(pool, async (client) => {
        const decided: Decided[] = [];
        for (const open of await stores.alerts.openForRule(client, rule.id)) {
          if (await keep(open)) continue;
          const to = open.state === 'firing' ? 'resolved' : 'inactive';
          const alert: StoredAlert = {
            ...open,
            state: to,
            breaches: 0,
            oks: 0,
            ...(to === 'resolved' ? { resolvedAt: at } : { pendingSince: null }),
          };
          alert.baseMemory = { state: to, episode: alert.episode, breaches: 0, oks: 0 };
          await stores.alerts.upsert(client, alert);
          await stores.alerts.insertTransition(client, {
            alertId: alert.id,
            episode: alert.episode,
            from: open.state,
            to,
            value: open.value,
            at,
            reason: 'rule_removed',
          });
          decided.push({ alert, rule, windowEnd: at });
        }
        const { queued } = await decideNotifications(client, decided, channels, silences);
        return { retired: decided.length, queued };
      });
      await enqueueAll(result.queued);
      return result.retired;
    },

    /** Retire predicate for a rule after an edit: keep the alerts its new spec still raises. */
    stillRaisedBy(spec: Rule) {
      return async (alert: StoredAlert) => stillApplies(spec, alert, await deps.modelTags(alert.modelId));
    },
  };
}

export type AlertingService = ReturnType<typeof createAlertingService>;
