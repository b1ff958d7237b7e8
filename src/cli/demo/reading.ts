import type { ModelStatus } from '../../modules/evaluation/index.js';

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

/** Every line the demo prints fits a terminal this wide. */
export const DEMO_COLUMNS = 100;

const num = (x: number | null, digits = 3) => (x === null ? '–' : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

/** `line` cut to DEMO_COLUMNS, with … where it was cut. */
export function fit(line: string): string {
  return line.length <= DEMO_COLUMNS ? line : `${line.slice(0, DEMO_COLUMNS - 1)}…`;
}

/** The names that fit in `width` characters, then `+N` for the rest. */
function names(list: string[], width: number): string {
  for (let shown = list.length; shown > 0; shown--) {
    const rest = list.length - shown;
    const text = list.slice(0, shown).join(', ') + (rest > 0 ? `, +${rest}` : '');
    if (text.length <= width) return text;
  }
  return list.length > 0 ? `+${list.length}` : '';
}

/**
 * `12:01:31  drifting  drift 1m 5/8, share 0.63 age, income, +3  | acc 5m 0.712, est 0.803, labels 64%`:
 * at most DEMO_COLUMNS wide; drifted features are named as far as they fit.
 */
export function formatReading(r: LiveReading): string {
  const performance =
    r.performanceWindow === null
      ? '| accuracy not evaluated yet'
      : `| acc ${r.performanceWindow} ${num(r.realizedAccuracy)}, est ${num(r.estimatedAccuracy)}, labels ${pct(r.labelCoverage)}`;
  const head = `${clock(r.evaluatedAt)}  ${r.status.padEnd(9)} `;
  if (r.evaluatedFeatures === 0)
    return fit(`${head}drift ${r.driftWindow}: too few events yet  ${performance}`);
  const drift = `drift ${r.driftWindow} ${r.driftedFeatures.length}/${r.evaluatedFeatures}, share ${num(r.driftShare, 2)}`;
  const room = DEMO_COLUMNS - head.length - drift.length - performance.length - 3;
  const drifted = names(r.driftedFeatures, room);
  return fit(`${head}${drift}${drifted ? ` ${drifted}` : ''}  ${performance}`);
}

/**
 * What a reader would notice change: the status, which features drift, and the figures at the
 * precision that matters (accuracy to 0.01, drift share to 0.05, label coverage to 10%).
 */
export function readingChange(r: LiveReading): string {
  const step = (x: number | null, by: number) => (x === null ? '–' : String(Math.round(x / by)));
  return [
    r.status,
    r.evaluatedFeatures === 0 ? 'none' : r.driftedFeatures.join(','),
    step(r.driftShare, 0.05),
    step(r.realizedAccuracy, 0.01),
    step(r.estimatedAccuracy, 0.01),
    step(r.labelCoverage, 0.1),
  ].join('|');
}
