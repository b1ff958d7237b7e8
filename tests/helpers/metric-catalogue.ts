// The Prometheus series modelwatch exports: the one list that dashboards (and alert rules) are
// checked against. Names and labels as issue 4 item 5 and issue 5 item 6 give them, and as
// src/ registers them; `role` (a default label of every process) and Prometheus' own `job` and
// `instance` are on every series and not repeated here.
import { Registry, collectDefaultMetrics } from 'prom-client';

export type MetricType = 'gauge' | 'counter' | 'histogram';

export interface MetricSpec {
  type: MetricType;
  labels: readonly string[];
}

const gauge = (...labels: string[]): MetricSpec => ({ type: 'gauge', labels });
const counter = (...labels: string[]): MetricSpec => ({ type: 'counter', labels });
const histogram = (...labels: string[]): MetricSpec => ({ type: 'histogram', labels });

export const MODELWATCH_METRICS: Readonly<Record<string, MetricSpec>> = {
  // Model gauges, from the latest evaluations (exported by one role: EXPORT_MODEL_METRICS).
  modelwatch_feature_drift_score: gauge('model', 'feature', 'method', 'window'),
  modelwatch_feature_drift_detected: gauge('model', 'feature', 'method', 'window'),
  modelwatch_dataset_drift_share: gauge('model', 'window'),
  modelwatch_prediction_drift_score: gauge('model', 'method', 'window'),
  modelwatch_multivariate_drift_error: gauge('model', 'window'),
  modelwatch_multivariate_drift_detected: gauge('model', 'window'),
  modelwatch_performance: gauge('model', 'metric', 'window', 'kind'),
  modelwatch_label_coverage_ratio: gauge('model', 'window'),
  modelwatch_window_events: gauge('model', 'window'),
  modelwatch_last_event_timestamp_seconds: gauge('model'),
  modelwatch_evaluation_timestamp_seconds: gauge('model', 'window'),
  modelwatch_model_status: gauge('model', 'status'),
  modelwatch_alerts: gauge('model', 'severity', 'state'),
  // Per segment value, from the status window's newest round; capped (MAX_SEGMENT_SERIES).
  modelwatch_segment_status: gauge('model', 'segment', 'status'),
  modelwatch_segment_dataset_drift_share: gauge('model', 'segment'),
  modelwatch_segment_window_events: gauge('model', 'segment'),
  modelwatch_segment_values_omitted: gauge(),
  // Fleet detection and response KPIs over the last 30 days (docs/kpis.md), by the same role.
  modelwatch_fleet_incidents: gauge(),
  modelwatch_fleet_mttd_seconds: gauge(),
  modelwatch_fleet_mtta_seconds: gauge(),
  modelwatch_fleet_mttr_seconds: gauge(),
  // Value and governance KPIs (docs/kpis.md#value), by the same role.
  modelwatch_fleet_production_models: gauge(),
  modelwatch_fleet_delivering_value_ratio: gauge(),
  modelwatch_fleet_fresh_evidence_ratio: gauge(),
  modelwatch_fleet_inventory_completeness_ratio: gauge(),
  modelwatch_fleet_overdue_validations: gauge(),
  modelwatch_fleet_value: gauge('window'),
  modelwatch_model_value: gauge('model', 'window'),
  modelwatch_model_objective_met: gauge('model', 'metric'),
  // The API.
  modelwatch_http_request_duration_seconds: histogram('route', 'method', 'status_code'),
  modelwatch_ingest_events_total: counter('model', 'kind', 'outcome'),
  modelwatch_ingest_in_flight_requests: gauge(),
  modelwatch_ingest_in_flight_limit: gauge(),
  modelwatch_ingest_in_flight_bytes: gauge(),
  modelwatch_ingest_refused_total: counter('bound'),
  // The worker.
  modelwatch_notifications_total: counter('channel_type', 'outcome'),
  modelwatch_jobs_processed_total: counter('queue', 'outcome'),
  modelwatch_job_duration_seconds: histogram('queue'),
  modelwatch_queue_jobs: gauge('queue', 'state'),
  modelwatch_fold_lag_seconds: histogram(),
  modelwatch_quarantined_summaries_total: counter('model'),
  modelwatch_tile_upkeep_failures_total: counter('model', 'task'),
};

/** Labels every series carries besides its own. */
export const COMMON_LABELS: readonly string[] = ['role', 'job', 'instance'];

/**
 * prom-client's process and Node.js metrics under the `modelwatch_` prefix that every process
 * collects (src/lib/metrics.ts), read from prom-client itself so that a new version's names count.
 */
export async function defaultProcessMetrics(): Promise<Record<string, MetricSpec>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'modelwatch_' });
  const metrics = await registry.getMetricsAsJSON();
  return Object.fromEntries(
    metrics.map((m) => {
      const labels = [...new Set(m.values.flatMap((v) => Object.keys(v.labels)))];
      return [m.name, { type: String(m.type) as MetricType, labels }];
    }),
  );
}

/**
 * The series names Prometheus stores for a metric: a histogram is read through its _bucket (with
 * `le`), _sum and _count series, never by its own name.
 */
export function seriesNames(name: string, spec: MetricSpec): Record<string, readonly string[]> {
  if (spec.type !== 'histogram') return { [name]: spec.labels };
  return {
    [`${name}_bucket`]: [...spec.labels, 'le'],
    [`${name}_sum`]: spec.labels,
    [`${name}_count`]: spec.labels,
  };
}
