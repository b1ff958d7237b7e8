import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const GAUGES_NAMED_AS_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** The metrics every process exports, on a registry of its own (so tests and roles never share one). */
export function createMetrics(role: 'api' | 'worker' | 'all') {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, prefix: 'modelwatch_' });
  // prom-client also exports these gauges under a counter's `_total` suffix, which promtool
  // refuses; the same values stay under nodejs_active_handles, _requests and _resources.
  for (const gauge of GAUGES_NAMED_AS_COUNTERS) registry.removeSingleMetric(`modelwatch_${gauge}`);

  const httpDuration = new Histogram({
    name: 'modelwatch_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code.',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const events = new Counter({
    name: 'modelwatch_ingest_events_total',
    help: 'Events received by model, kind (predictions|outcomes) and outcome (accepted|duplicate|rejected).',
    labelNames: ['model', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const ingestInFlightRequests = new Gauge({
    name: 'modelwatch_ingest_in_flight_requests',
    help: 'Ingest requests this process has admitted and not yet answered (bounded by INGEST_MAX_IN_FLIGHT).',
    registers: [registry],
  });
  const ingestInFlightLimit = new Gauge({
    name: 'modelwatch_ingest_in_flight_limit',
    help: 'Ingest requests admitted at once now: adapts up to INGEST_MAX_IN_FLIGHT to meet INGEST_TARGET_LATENCY_MS.',
    registers: [registry],
  });
  const ingestInFlightBytes = new Gauge({
    name: 'modelwatch_ingest_in_flight_bytes',
    help: 'Body bytes those requests declared or sent (bounded by INGEST_MAX_IN_FLIGHT_BYTES).',
    registers: [registry],
  });
  const ingestRefused = new Counter({
    name: 'modelwatch_ingest_refused_total',
    help: 'Ingest requests answered 503 because a bound was reached, by bound (requests|bytes).',
    labelNames: ['bound'] as const,
    registers: [registry],
  });
  const jobsProcessed = new Counter({
    name: 'modelwatch_jobs_processed_total',
    help: 'Jobs a worker finished, by queue and outcome (completed|failed|delayed: put back for later).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'modelwatch_job_duration_seconds',
    help: 'Time a worker spent in a job, by queue.',
    labelNames: ['queue'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const foldLag = new Histogram({
    name: 'modelwatch_fold_lag_seconds',
    help: 'From a batch being committed (received_at) to its fold, for batches folded now.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const quarantinedSummaries = new Counter({
    name: 'modelwatch_quarantined_summaries_total',
    help: 'Stored summaries (tiles, contributions, reference summaries) that could not be decoded and were set aside, by model.',
    labelNames: ['model'] as const,
    registers: [registry],
  });
  const tileUpkeepFailures = new Counter({
    name: 'modelwatch_tile_upkeep_failures_total',
    help: "Failed tile upkeep steps of one model (compact|rollup|prune); the other models' upkeep went on.",
    labelNames: ['model', 'task'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    events,
    ingestInFlightRequests,
    ingestInFlightLimit,
    ingestInFlightBytes,
    ingestRefused,
    jobsProcessed,
    jobDuration,
    foldLag,
    quarantinedSummaries,
    tileUpkeepFailures,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
