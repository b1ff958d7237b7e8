import type { z } from 'zod';
import { withTransaction, type Pool } from '../../../lib/db.js';
import type { AuditStore } from '../../audit/index.js';
import { decodeCursor, page } from '../../../domain/paging.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.js';
import { canSeeModel } from '../../../http/plugins/access.js';
import type { Principal } from '../../../domain/principal.js';
import {
  MAX_LISTED_ACKS,
  type Alert,
  type AlertValuesQuery,
  type ListAlertsQuery,
  type alertValuesSchema,
} from './alerts.schemas.js';
import { ruleValueAt, type EvaluationResults } from './alert-values.js';
import type { RuleStore } from '../rules/rules.store.js';
import type { AlertRecord, AlertStore } from './alerts.store.js';
import { isOpen } from './lifecycle.js';
import type { NotificationStore } from '../delivery/notifications.store.js';
import { matchingSilence, type ActiveSilence } from '../silences/silences.match.js';
import type { SilenceStore } from '../silences/silences.store.js';

export interface AlertServiceDeps {
  pool: Pool;
  store: AlertStore;
  rules: Pick<RuleStore, 'find'>;
  /** Stored evaluations of a window, for an alert's value over time. */
  evaluationResults: EvaluationResults;
  /** How often each window is evaluated (EVALUATION_INTERVAL_SECONDS), as the engine reads rules. */
  intervalSeconds: number;
  notifications: Pick<NotificationStore, 'forAlert'>;
  silences: Pick<SilenceStore, 'active'>;
  audit: AuditStore;
  now?: () => Date;
}

type Ack = Awaited<ReturnType<AlertStore['acks']>>[number];

const iso = (d: Date | null) => d?.toISOString() ?? null;
const DAY_MS = 86_400_000;
type AlertValues = z.infer<typeof alertValuesSchema>;

function toAlert(a: AlertRecord, acks: readonly Ack[], silences: readonly ActiveSilence[], at: Date): Alert {
  const current = acks.find((k) => k.alertId === a.id && k.episode === a.episode);
  return {
    id: a.id,
    ruleId: a.ruleId,
    model: a.modelId,
    feature: a.feature,
    segment: a.segment,
    window: a.window,
    severity: a.severity,
    state: a.state,
    episode: a.episode,
    labels: a.labels,
    annotations: a.annotations,
    value: a.value,
    threshold: a.threshold,
    pendingSince: iso(a.pendingSince),
    firedAt: iso(a.firedAt),
    resolvedAt: iso(a.resolvedAt),
    driftStartedAt: iso(a.driftStartedAt),
    detectionDelaySeconds:
      a.firedAt && a.driftStartedAt ? (a.firedAt.getTime() - a.driftStartedAt.getTime()) / 1000 : null,
    lastWindowEnd: a.lastWindowEnd.toISOString(),
    acknowledgement: current
      ? { episode: current.episode, by: current.by, comment: current.comment, at: current.at }
      : null,
    silencedBy: silences.filter((s) => matchingSilence([s], a.labels, at)).map((s) => s.id),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** Reading alerts, acknowledging them, and their delivery log. A limited key sees its models only. */
export function createAlertService({
  pool,
  store,
  rules,
  evaluationResults,
  intervalSeconds,
  notifications,
  silences,
  audit,
  now = () => new Date(),
}: AlertServiceDeps) {
  async function visible(id: string, principal: Principal): Promise<AlertRecord> {
    const alert = await store.find(pool, id);
    // 404 for an alert on a model the key may not see, so that it cannot learn it exists.
    if (!alert || !canSeeModel(principal, alert.modelId)) throw new NotFoundError(`Alert "${id}" not found.`);
    return alert;
  }

  async function render(rows: AlertRecord[]): Promise<Alert[]> {
    const at = now();
    const [acks, active] = await Promise.all([
      rows.length === 0
        ? []
        : store.acks(
            pool,
            rows.map((r) => r.id),
          ),
      silences.active(pool, at),
    ]);
    return rows.map((r) => toAlert(r, acks, active, at));
  }

  return {
    async list(query: ListAlertsQuery, principal: Principal) {
      const rows = await store.list(pool, {
        states: query.state ? [query.state] : null,
        modelId: query.model ?? null,
        severity: query.severity ?? null,
        ruleId: query.rule ?? null,
        visibleModelIds: principal.modelIds,
        afterId: query.cursor === undefined ? null : decodeCursor(query.cursor, 'string'),
        limit: query.limit + 1,
      });
      const result = page(rows, query.limit, (a) => a.id);
      return { items: await render(result.items), nextCursor: result.nextCursor };
    },

    async get(id: string, principal: Principal) {
      const alert = await visible(id, principal);
      const [[rendered], transitions, acks] = await Promise.all([
        render([alert]),
        store.transitions(pool, id, 100),
        store.acks(pool, [id]),
      ]);
      return {
        ...rendered!,
        transitions,
        acknowledgements: acks
          .slice(0, MAX_LISTED_ACKS)
          .map(({ episode, by, comment, at }) => ({ episode, by, comment, at })),
        acknowledgementCount: acks.length,
      };
    },

    /** The value the alert's rule read from each stored evaluation of its window, against its threshold. */
    async values(id: string, principal: Principal, query: AlertValuesQuery): Promise<AlertValues> {
      const alert = await visible(id, principal);
      const rule = await rules.find(pool, alert.ruleId);
      if (!rule)
        throw new ConflictError(`Alert "${id}" belongs to rule "${alert.ruleId}", which was deleted.`);
      const to = query.to === undefined ? now() : new Date(query.to);
      const from = query.from === undefined ? new Date(to.getTime() - DAY_MS) : new Date(query.from);
      if (!(from < to)) {
        throw new ValidationError('The range is invalid: to must be after from.', [
          { pointer: '/to', message: 'must be after from', location: 'querystring' },
        ]);
      }
      const evaluations = await evaluationResults(pool, {
        modelId: alert.modelId,
        window: alert.window,
        segment: alert.segment,
        from,
        to,
        limit: query.limit,
      });
      return {
        alertId: alert.id,
        window: alert.window,
        feature: alert.feature,
        segment: alert.segment,
        condition: rule.condition.kind,
        comparator: rule.comparator,
        threshold: alert.threshold,
        points: evaluations.map((e) => ({
          windowEnd: e.window.to,
          value: ruleValueAt(rule, alert.feature, e, intervalSeconds),
        })),
      };
    },

    /** Records who acknowledged the alert's current episode; only a pending or firing alert takes one. */
    async ack(id: string, principal: Principal, comment: string) {
      const alert = await visible(id, principal);
      if (!isOpen(alert.state))
        throw new ConflictError(
          `Alert "${id}" is ${alert.state}; only a pending or firing alert can be acknowledged.`,
        );
      return withTransaction(pool, async (client) => {
        const ack = await store.insertAck(client, {
          alertId: id,
          episode: alert.episode,
          by: principal.keyId,
          comment,
        });
        const after = { episode: ack.episode, comment };
        await audit.insert(client, {
          modelId: alert.modelId,
          subject: `alert:${id}`,
          action: 'alert_acknowledged',
          actor: principal.keyId,
          changes: [{ path: '/acknowledgements/-', after }],
          after,
        });
        return ack;
      });
    },

    async deliveries(id: string, principal: Principal, limit: number) {
      await visible(id, principal);
      return { items: await notifications.forAlert(pool, id, limit) };
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
