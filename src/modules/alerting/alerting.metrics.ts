import { Counter, Gauge, type Registry } from 'prom-client';
import type { Severity } from './alerting.schemas.js';
import type { ChannelType } from './delivery/delivery-plan.js';
import type { AlertState } from './alerts/lifecycle.js';
import type { NotifyOutcome } from './delivery/notify.job.js';

const CHANNEL_TYPES: readonly ChannelType[] = ['webhook', 'slack', 'pagerduty', 'alertmanager'];
const OUTCOMES: readonly NotifyOutcome[] = ['delivered', 'retried', 'failed', 'suppressed', 'cancelled'];
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];
const STATES: readonly AlertState[] = ['inactive', 'pending', 'firing', 'resolved'];

export interface AlertCount {
  model: string;
  severity: Severity;
  state: AlertState;
  count: number;
}

export interface AlertingMetricsOptions {
  /** Reads alert counts from Postgres; set where this process exports the alerts gauge. */
  counts?: () => Promise<AlertCount[]>;
  /** Scrapes within this long of a read reuse it, so that frequent scrapes cost one query. */
  cacheMs?: number;
}

/**
 * modelwatch_notifications_total{channel_type,outcome}, counted where notifications are decided
 * and delivered (the worker), and modelwatch_alerts{model,severity,state}, read from Postgres at
 * scrape time by the one role that exports model gauges (the API). Every severity × state of a
 * model that has alerts is exported, zeros included, so a resolved alert shows as firing 0
 * rather than as a series that vanished.
 */
export function registerAlertingMetrics(registry: Registry, options: AlertingMetricsOptions = {}) {
  const notifications = new Counter({
    name: 'modelwatch_notifications_total',
    help: 'Alert notifications by channel type and outcome (delivered, retried, failed, suppressed by a silence, cancelled).',
    labelNames: ['channel_type', 'outcome'] as const,
    registers: [registry],
  });
  for (const channelType of CHANNEL_TYPES) {
    for (const outcome of OUTCOMES) notifications.inc({ channel_type: channelType, outcome }, 0);
  }

  const { counts } = options;
  if (counts) {
    const cacheMs = options.cacheMs ?? 10_000;
    let cached: { at: number; rows: AlertCount[] } | null = null;
    new Gauge({
      name: 'modelwatch_alerts',
      help: 'Alerts by model, severity and state (inactive, pending, firing, resolved).',
      labelNames: ['model', 'severity', 'state'] as const,
      registers: [registry],
      async collect() {
        if (!cached || Date.now() - cached.at > cacheMs) {
          // A failed read keeps the last values rather than failing the whole scrape.
          const rows = await counts().catch(() => cached?.rows ?? []);
          cached = { at: Date.now(), rows };
        }
        this.reset();
        for (const model of new Set(cached.rows.map((r) => r.model))) {
          for (const severity of SEVERITIES)
            for (const state of STATES) this.set({ model, severity, state }, 0);
        }
        for (const r of cached.rows)
          this.set({ model: r.model, severity: r.severity, state: r.state }, r.count);
      },
    });
  }

  return {
    countNotification(channelType: string, outcome: NotifyOutcome) {
      notifications.inc({ channel_type: channelType, outcome });
    },
  };
}

export type AlertingMetrics = ReturnType<typeof registerAlertingMetrics>;
