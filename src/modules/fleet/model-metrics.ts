import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { registerKpiGauges } from './kpi-gauges.js';
import type { StoredEvaluation } from '../evaluation/index.js';
import { emptySamples, modelSamples, type ModelSamples } from './model-samples.js';

export interface ModelMetricsDeps {
  registry: Registry;
  /** The latest evaluation of every (model, window), models not archived. */
  latest: () => Promise<StoredEvaluation[]>;
  statusWindow: string;
  maxFeatureSeries: number;
  refreshMs: number;
  log: Logger;
  now?: () => number;
}

const GAUGES: Record<keyof ModelSamples, { help: string; labelNames: string[] }> = {
  modelwatch_feature_drift_score: {
    help: "The drift method's statistic for a feature in the latest evaluation of a window (p-value methods: the test statistic).",
    labelNames: ['model', 'feature', 'method', 'window'],
  },
  modelwatch_feature_drift_detected: {
    help: 'Whether the feature drifted in the latest evaluation of a window (1) or not (0).',
    labelNames: ['model', 'feature', 'method', 'window'],
  },
  modelwatch_dataset_drift_share: {
    help: 'Share of evaluated features that drifted in the latest evaluation of a window.',
    labelNames: ['model', 'window'],
  },
  modelwatch_prediction_drift_score: {
    help: "The drift method's statistic for the model's predictions in the latest evaluation of a window.",
    labelNames: ['model', 'method', 'window'],
  },
  modelwatch_multivariate_drift_error: {
    help: "The window's mean PCA reconstruction error of the numerical features (standardised units) in the latest evaluation of a window.",
    labelNames: ['model', 'window'],
  },
  modelwatch_multivariate_drift_detected: {
    help: 'Whether the numerical features drifted together in the latest evaluation of a window (1) or not (0).',
    labelNames: ['model', 'window'],
  },
  modelwatch_performance: {
    help: 'A performance metric in the latest evaluation of a window: realized from outcomes, or estimated (CBPE).',
    labelNames: ['model', 'metric', 'window', 'kind'],
  },
  modelwatch_label_coverage_ratio: {
    help: 'Share of the predictions in the window whose outcome has arrived.',
    labelNames: ['model', 'window'],
  },
  modelwatch_window_events: {
    help: 'Prediction events in the window of the latest evaluation.',
    labelNames: ['model', 'window'],
  },
  modelwatch_last_event_timestamp_seconds: {
    help: "The model's newest event time, as of its latest evaluation.",
    labelNames: ['model'],
  },
  modelwatch_evaluation_timestamp_seconds: {
    help: 'When the latest evaluation of a window ran.',
    labelNames: ['model', 'window'],
  },
  modelwatch_model_status: {
    help: "The model's status (1 for the current one, 0 for the others), from the status window.",
    labelNames: ['model', 'status'],
  },
};

/**
 * The model gauges, read from Postgres at most every `refreshMs` and served from memory: a scrape
 * never waits on more than one query, and a failed refresh keeps the last good values (Prometheus
 * then sees evaluation timestamps go stale, which is what staleness alerts watch).
 */
export function registerModelMetrics(deps: ModelMetricsDeps): { refresh(): Promise<ModelSamples> } {
  const gauges = Object.fromEntries(
    (Object.entries(GAUGES) as [keyof ModelSamples, { help: string; labelNames: string[] }][]).map(
      ([name, { help, labelNames }]) => [
        name,
        { help, labelNames, samples: (all: ModelSamples) => all[name] },
      ],
    ),
  );
  return registerKpiGauges({
    registry: deps.registry,
    load: async () => modelSamples(await deps.latest(), deps),
    initial: emptySamples(),
    gauges,
    refreshMs: deps.refreshMs,
    log: deps.log,
    what: 'model metrics',
    ...(deps.now ? { now: deps.now } : {}),
  });
}
