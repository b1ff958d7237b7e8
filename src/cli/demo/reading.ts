import type { ModelStatus } from '../../modules/evaluation/evaluation.schemas.js';

/** The parts of GET /v1/models/{id}/drift the live view reads. */
export interface DriftReply {
  evaluatedAt: string;
  status: ModelStatus;
  window: { name: string | null; to: string; events: number };
  datasetDrift: { share: number | null; driftedFeatures: number; evaluatedFeatures: number };
  features: { name: string; drifted: boolean | null }[];
}

/** The parts of GET /v1/models/{id}/performance the live view reads. */
export interface PerformanceReply {
  status: ModelStatus;
  window: { name: string | null; events: number };
  realized: { labelled: number; coverage: number | null; metrics: { accuracy?: number | null } } | null;
  estimated: { metrics: { accuracy: number | null } } | null;
}

/** One line of the live view: an evaluation of the drift window beside the performance window's. */
export interface LiveReading {
  evaluatedAt: string;
  /** The model status: the performance (status) window's, else the drift window's. */
  status: ModelStatus;
  driftWindow: string;
  driftedFeatures: string[];
  evaluatedFeatures: number;
  driftShare: number | null;
  performanceWindow: string | null;
  realizedAccuracy: number | null;
  estimatedAccuracy: number | null;
  labelCoverage: number | null;
  labelled: number;
}

export function toReading(drift: DriftReply, performance: PerformanceReply | null): LiveReading {
  return {
    evaluatedAt: drift.evaluatedAt,
    status: performance?.status ?? drift.status,
    driftWindow: drift.window.name ?? '',
    driftedFeatures: drift.features.filter((f) => f.drifted === true).map((f) => f.name),
    evaluatedFeatures: drift.datasetDrift.evaluatedFeatures,
    driftShare: drift.datasetDrift.share,
    performanceWindow: performance?.window.name ?? null,
    realizedAccuracy: performance?.realized?.metrics.accuracy ?? null,
    estimatedAccuracy: performance?.estimated?.metrics.accuracy ?? null,
    // No realized performance yet: nothing labelled, so the coverage is 0 when there were events.
    labelCoverage: performance?.realized?.coverage ?? (performance?.window.events ? 0 : null),
    labelled: performance?.realized?.labelled ?? 0,
  };
}

const num = (x: number | null, digits = 3) => (x === null ? '–' : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

/**
 * `12:01:31  drifting  drift 1m: 5/8 features (share 0.63) age, income, …  |  accuracy 5m:
 * realized 0.712, estimated 0.803, labels 64% (1,204)`.
 */
export function formatReading(r: LiveReading): string {
  const drifted = r.driftedFeatures.length > 0 ? ` ${r.driftedFeatures.join(', ')}` : '';
  const drift =
    r.evaluatedFeatures === 0
      ? `drift ${r.driftWindow}: too few events yet`
      : `drift ${r.driftWindow}: ${r.driftedFeatures.length}/${r.evaluatedFeatures} features (share ${num(r.driftShare, 2)})${drifted}`;
  const performance =
    r.performanceWindow === null
      ? 'accuracy: not evaluated yet'
      : `accuracy ${r.performanceWindow}: realized ${num(r.realizedAccuracy)}, estimated ${num(r.estimatedAccuracy)}, labels ${pct(r.labelCoverage)} (${r.labelled.toLocaleString('en-US')})`;
  return `${clock(r.evaluatedAt)}  ${r.status.padEnd(8)}  ${drift}  |  ${performance}`;
}
