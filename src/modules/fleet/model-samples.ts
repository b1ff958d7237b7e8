import type { FeatureDrift } from '../../stats/drift/types.js';
import { MODEL_STATUSES, type StoredEvaluation } from '../evaluation/index.js';

/** One gauge sample: label values by name, and the value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every model gauge's samples, by metric name (names and labels as issue 4 item 5 lists them). */
export interface ModelSamples {
  modelwatch_feature_drift_score: Sample[];
  modelwatch_feature_drift_detected: Sample[];
  modelwatch_dataset_drift_share: Sample[];
  modelwatch_prediction_drift_score: Sample[];
  modelwatch_multivariate_drift_error: Sample[];
  modelwatch_multivariate_drift_detected: Sample[];
  modelwatch_performance: Sample[];
  modelwatch_label_coverage_ratio: Sample[];
  modelwatch_window_events: Sample[];
  modelwatch_last_event_timestamp_seconds: Sample[];
  modelwatch_evaluation_timestamp_seconds: Sample[];
  modelwatch_model_status: Sample[];
}

export const emptySamples = (): ModelSamples => ({
  modelwatch_feature_drift_score: [],
  modelwatch_feature_drift_detected: [],
  modelwatch_dataset_drift_share: [],
  modelwatch_prediction_drift_score: [],
  modelwatch_multivariate_drift_error: [],
  modelwatch_multivariate_drift_detected: [],
  modelwatch_performance: [],
  modelwatch_label_coverage_ratio: [],
  modelwatch_window_events: [],
  modelwatch_last_event_timestamp_seconds: [],
  modelwatch_evaluation_timestamp_seconds: [],
  modelwatch_model_status: [],
});

/**
 * Labels stay bounded: per model and window at most `maxFeatureSeries` features, drifted ones
 * first, then in the model's feature order (so the set only changes when drift does). Features
 * without a verdict (too few values) have no series; the full detail is in the API.
 */
export function featuresToExport(
  features: readonly FeatureDrift[],
  maxFeatureSeries: number,
): FeatureDrift[] {
  const judged = features.filter((f) => f.status === 'ok' && f.statistic !== null);
  const ranked = [...judged.filter((f) => f.drifted), ...judged.filter((f) => !f.drifted)];
  return ranked.slice(0, maxFeatureSeries);
}

/** The samples of the latest evaluation of every (model, window); the status comes from `statusWindow`. */
export function modelSamples(
  latest: readonly StoredEvaluation[],
  { statusWindow, maxFeatureSeries }: { statusWindow: string; maxFeatureSeries: number },
): ModelSamples {
  const out = emptySamples();
  for (const e of latest) {
    const window = e.window.name ?? '';
    const model = e.modelId;
    const at = { model, window };
    out.modelwatch_window_events.push({ labels: at, value: e.window.events });
    out.modelwatch_evaluation_timestamp_seconds.push({ labels: at, value: Date.parse(e.evaluatedAt) / 1000 });
    const evaluation = e.evaluation;
    if (evaluation) {
      for (const f of featuresToExport(evaluation.features, maxFeatureSeries)) {
        const labels = { model, feature: f.name, method: f.method, window };
        out.modelwatch_feature_drift_score.push({ labels, value: f.statistic! });
        out.modelwatch_feature_drift_detected.push({ labels, value: f.drifted ? 1 : 0 });
      }
      if (evaluation.datasetDrift.share !== null) {
        out.modelwatch_dataset_drift_share.push({ labels: at, value: evaluation.datasetDrift.share });
      }
      const prediction = evaluation.prediction;
      if (prediction?.status === 'ok' && prediction.statistic !== null) {
        out.modelwatch_prediction_drift_score.push({
          labels: { ...at, method: prediction.method },
          value: prediction.statistic,
        });
      }
      const joint = evaluation.multivariate;
      if (joint?.status === 'ok' && joint.statistic !== null) {
        out.modelwatch_multivariate_drift_error.push({ labels: at, value: joint.statistic });
        out.modelwatch_multivariate_drift_detected.push({ labels: at, value: joint.drifted ? 1 : 0 });
      }
      const { realized = null, estimated = null } = evaluation.performance ?? {};
      const performance = (kind: string, metrics: Record<string, number | null>) => {
        for (const [metric, value] of Object.entries(metrics)) {
          if (value !== null) out.modelwatch_performance.push({ labels: { ...at, metric, kind }, value });
        }
      };
      if (realized) performance('realized', realized.metrics);
      if (estimated) performance('estimated', estimated.metrics);
      const coverage = realized?.coverage ?? (e.window.events > 0 ? 0 : null);
      if (coverage !== null) out.modelwatch_label_coverage_ratio.push({ labels: at, value: coverage });
    }
    if (window === statusWindow) {
      if (e.lastEventAt) {
        out.modelwatch_last_event_timestamp_seconds.push({
          labels: { model },
          value: Date.parse(e.lastEventAt) / 1000,
        });
      }
      for (const status of MODEL_STATUSES) {
        out.modelwatch_model_status.push({ labels: { model, status }, value: e.status === status ? 1 : 0 });
      }
    }
  }
  return out;
}
