/**
 * The accuracy part of the alarm bench: a binary model whose outcomes arrive for 30% of its
 * predictions, judged `degraded` as the service judges it (model-status.ts) against its reference's
 * realized accuracy. Old: the point estimate's relative drop passes the tolerance; new: the drop at
 * the better end of its interval (Wilson, at the alarm budget's level) passes it.
 *
 * The tolerance here is 2% relative (PERFORMANCE_DROP is 10% by default): the injected drop of 5
 * points from ~0.80 is 6.3% relative, which the default would rightly call within tolerance.
 */
import { headline, modelStatus } from '../../src/modules/evaluation/model-status.js';
import { modelSpecSchema, type ModelSpec } from '../../src/domain/model-spec.js';
import { defaultAlpha } from '../../src/stats/evaluation/evaluate.js';
import type { Evaluation } from '../../src/stats/evaluation/evaluation.schemas.js';
import { readPair } from '../../src/stats/core/read.js';
import { emptyTraffic, foldPair } from '../../src/stats/core/traffic.js';
import { realizedOf } from '../../src/stats/evaluation/performance-results.js';
import { rawParts, type RawTraffic } from '../../src/stats/evaluation/raw-parts.js';
import type { RealizedPerformance } from '../../src/stats/performance/index.js';
import { seededRandom, sigmoid, type Random } from '../../tests/helpers/random.js';

export const TOLERANCE = 0.02;
export const LABELLED = 0.3;
/** Accuracy drops 5 points when each outcome flips with this probability (2·A − 1 ≈ 0.6). */
const DROP_POINTS = 0.05;

const SPEC: ModelSpec = modelSpecSchema.parse({
  name: 'accuracy',
  task: 'binary_classification',
  positiveClass: 1,
  features: [{ name: 'x', type: 'numerical' }],
});
const ALPHA = defaultAlpha(SPEC);

/** One prediction: a calibrated score, its decision, and its outcome when it arrives. */
function event(rng: Random, flip: number, alwaysLabelled = false) {
  const score = sigmoid(2.5 * rng.normal());
  const predicted = score >= 0.5 ? 1 : 0;
  let actual = rng.uniform() < score ? 1 : 0;
  if (rng.uniform() < flip) actual = 1 - actual;
  const labelled = alwaysLabelled || rng.uniform() < LABELLED;
  return { predicted, actual: labelled ? actual : null, score };
}

/** Labelled pairs kept raw, folded as the core folds them (src/stats/core traffic.ts). */
class RawPerformance {
  readonly traffic: RawTraffic = emptyTraffic(SPEC, rawParts);

  add(prediction: number, actual: number | null, score: number): void {
    if (actual === null) return;
    foldPair(this.traffic, readPair(SPEC, { prediction, actual, score, scores: null }));
  }

  realized(predictions: number): RealizedPerformance | null {
    return realizedOf(this.traffic.performance, predictions);
  }
}

function baselineOf(rng: Random): RealizedPerformance {
  const ref = new RawPerformance();
  for (let i = 0; i < 5000; i++) {
    const e = event(rng, 0, true);
    ref.add(e.predicted, e.actual, e.score);
  }
  return ref.realized(5000)!;
}

/** Old and new `degraded` verdicts of one window's performance. */
function degraded(window: RawPerformance, events: number, baseline: RealizedPerformance) {
  const evaluation = {
    datasetDrift: { alpha: ALPHA, evaluatedFeatures: 0, drifted: false },
    features: [],
    multivariate: null,
    performance: { realized: window.realized(events), estimated: null },
  } as unknown as Evaluation; // only what status reads: performance, and the level it is judged at
  const judged = headline(SPEC.task, evaluation, baseline);
  const input = {
    task: SPEC.task,
    hasReference: true,
    events,
    hadRecentTraffic: true,
    evaluation,
    baseline,
    performanceDrop: TOLERANCE,
  };
  return {
    old: judged.judgedOn === 'realized' && judged.drop !== null && judged.drop > TOLERANCE,
    new: modelStatus(input, judged).status === 'degraded',
  };
}

const WINDOWS = [5, 60, 1440];

/** Turns of `degraded` (old, new) over a model's days of healthy traffic, disjoint windows. */
export function accuracyFalseAlerts(model: number, days: number, perMinute: number) {
  const rng = seededRandom(90_000 + model);
  const baseline = baselineOf(rng);
  const alerts = { old: 0, new: 0 };
  const open = WINDOWS.map(() => ({ perf: new RawPerformance(), events: 0 }));
  const before = WINDOWS.map(() => ({ old: false, new: false }));
  for (let minute = 1; minute <= days * 1440; minute++) {
    for (let i = 0; i < perMinute; i++) {
      const e = event(rng, 0);
      for (const w of open) {
        w.perf.add(e.predicted, e.actual, e.score);
        w.events++;
      }
    }
    WINDOWS.forEach((minutes, k) => {
      if (minute % minutes !== 0) return;
      const v = degraded(open[k]!.perf, open[k]!.events, baseline);
      for (const kind of ['old', 'new'] as const) if (v[kind] && !before[k]![kind]) alerts[kind]++;
      before[k] = v;
      open[k] = { perf: new RawPerformance(), events: 0 };
    });
  }
  return alerts;
}

/**
 * Minutes from a 5-point drop until `degraded` (old, new): an hour of healthy traffic, then the
 * drop; every 5 minutes the hour, every hour the day so far. Null when not found within `cap`.
 */
export function accuracyDetection(trial: number, perMinute: number, cap: number) {
  const rng = seededRandom(70_000 + trial);
  const baseline = baselineOf(rng);
  const accuracy = (baseline.metrics as { accuracy: number }).accuracy;
  const flip = DROP_POINTS / (2 * accuracy - 1);
  const minutes: { predicted: number; actual: number | null; score: number }[][] = [];
  const found: { old: number | null; new: number | null } = { old: null, new: null };
  for (let minute = 1; minute <= 60 + cap && (found.old === null || found.new === null); minute++) {
    const shifted = minute > 60;
    minutes.push(Array.from({ length: perMinute }, () => event(rng, shifted ? flip : 0)));
    if (!shifted) continue;
    for (const [length, every] of [
      [60, 5],
      [1440, 60],
    ] as const) {
      if (minute % every !== 0) continue;
      const window = new RawPerformance();
      const events = minutes.slice(-length).flat();
      for (const e of events) window.add(e.predicted, e.actual, e.score);
      const v = degraded(window, events.length, baseline);
      for (const kind of ['old', 'new'] as const)
        if (found[kind] === null && v[kind]) found[kind] = minute - 60;
    }
  }
  return found;
}
