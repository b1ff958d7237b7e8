// False alerts and detection delays of the drift verdicts, old (the methods' fixed thresholds)
// and new (noise-aware, under the default alarm budget), side by side from the same evaluations:
// `npm run bench:alarms` (MODELS, default 50; DAYS per model, default 20; EVENTS_PER_MINUTE,
// default 30, i.e. 150 events per 5-minute window; TRIALS per injected shift, default 10).
//
// Traffic drawn from a 5,000-row reference is folded event by event into summary columns (the
// tiles' fold), and each window is evaluated from them (evaluateFromSummaries, as the service)
// on a fast clock: per model-day 288 disjoint 5-minute windows, 24 hours and one day. An alert is
// a verdict that turns drifted: a feature's, dataset drift, or (new rules only) multivariate drift.
// The reference is fixed as the service fixes it: profiles from summaries, the PCA from raw rows. Disjoint windows are the
// independent tests the budget counts; the service's overlapping evaluations of one window add
// no independent chance. Model-days run in one child process per core (at most 4).
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import gammainc from '@stdlib/math-base-special-gammainc';
import { RawRows } from '../src/stats/evaluation/raw-parts.js';
import { multivariateNames } from '../src/stats/multivariate/names.js';
import type { Evaluation } from '../src/stats/evaluation/evaluation.schemas.js';
import { evaluateFromSummaries, referenceFromSummaries } from '../src/stats/evaluation/summary-backend.js';
import { seededRandom, type Random } from '../tests/helpers/random.js';
import { accuracyDetection, accuracyFalseAlerts, LABELLED, TOLERANCE } from './alarms/accuracy.js';
import { ALARM_SPEC, row, SHIFTS, type Shift } from './alarms/traffic.js';
import { foldEventRow } from '../src/stats/core/traffic.js';
import { TrafficSummary } from '../src/stats/core/traffic-summary.js';

const MODELS = Number(process.env.MODELS ?? 50);
const DAYS = Number(process.env.DAYS ?? 20);
const PER_MINUTE = Number(process.env.EVENTS_PER_MINUTE ?? 30);
const TRIALS = Number(process.env.TRIALS ?? 10);
const REFERENCE_ROWS = 5000;
const WINDOWS = [
  { name: '5m', minutes: 5 },
  { name: '1h', minutes: 60 },
  { name: '24h', minutes: 1440 },
] as const;

type Reference = ReturnType<typeof referenceFromSummaries>;
type Verdicts = { features: boolean[]; dataset: boolean; multivariate: boolean };

interface Counts {
  modelDays: number;
  evaluations: number;
  alerts: { old: number; new: number };
  /** Of the new alerts, those of the multivariate verdict and of dataset drift. */
  newBy: { multivariate: number; dataset: number };
  byWindow: Record<string, { old: number; new: number }>;
}

const empty = (): TrafficSummary => TrafficSummary.empty(ALARM_SPEC);

function referenceOf(rng: Random): Reference {
  const columns = empty();
  // As the service keeps them when a reference is set: the PCA is fitted on the rows in order.
  columns.comoments = new RawRows(multivariateNames(ALARM_SPEC)) as never;
  for (let i = 0; i < REFERENCE_ROWS; i++) foldEventRow(ALARM_SPEC, columns, row(rng));
  return referenceFromSummaries(ALARM_SPEC, columns, null);
}

/** Old: the threshold alone (`practical`); new: the verdict under the default budget. */
function verdicts(e: Evaluation): { old: Verdicts; new: Verdicts } {
  const practical = e.features.map((f) => f.practical === true);
  const oldShare =
    e.datasetDrift.evaluatedFeatures === 0
      ? 0
      : practical.filter(Boolean).length / e.datasetDrift.evaluatedFeatures;
  return {
    old: { features: practical, dataset: oldShare >= e.datasetDrift.threshold, multivariate: false },
    new: {
      features: e.features.map((f) => f.drifted === true),
      dataset: e.datasetDrift.drifted === true,
      multivariate: e.multivariate?.drifted === true,
    },
  };
}

/** Verdicts that turned drifted since the previous window of the same length. */
function onsets(now: Verdicts, before: Verdicts | undefined): number {
  let n = (now.dataset && !before?.dataset ? 1 : 0) + (now.multivariate && !before?.multivariate ? 1 : 0);
  now.features.forEach((d, i) => {
    if (d && !before?.features[i]) n++;
  });
  return n;
}

/** One model's days of traffic from its reference; counts alert onsets per window. */
function falseAlerts(model: number): Counts {
  const rng = seededRandom(1_000 + model);
  const reference = referenceOf(rng);
  const counts: Counts = {
    modelDays: DAYS,
    evaluations: 0,
    alerts: { old: 0, new: 0 },
    newBy: { multivariate: 0, dataset: 0 },
    byWindow: {},
  };
  for (const w of WINDOWS) counts.byWindow[w.name] = { old: 0, new: 0 };
  const previous = new Map<string, { old: Verdicts; new: Verdicts }>();
  const open = WINDOWS.map(() => empty());
  for (let minute = 1; minute <= DAYS * 1440; minute++) {
    for (let i = 0; i < PER_MINUTE; i++) {
      const r = row(rng);
      for (const columns of open) foldEventRow(ALARM_SPEC, columns, r);
    }
    WINDOWS.forEach((w, k) => {
      if (minute % w.minutes !== 0) return;
      const v = verdicts(evaluateFromSummaries(ALARM_SPEC, reference, open[k]!));
      const before = previous.get(w.name);
      for (const kind of ['old', 'new'] as const) {
        const n = onsets(v[kind], before?.[kind]);
        counts.alerts[kind] += n;
        counts.byWindow[w.name]![kind] += n;
      }
      if (v.new.multivariate && !before?.new.multivariate) counts.newBy.multivariate++;
      if (v.new.dataset && !before?.new.dataset) counts.newBy.dataset++;
      previous.set(w.name, v);
      counts.evaluations++;
      open[k] = empty();
    });
  }
  return counts;
}

const PRE_MINUTES = 60;
const CAP_MINUTES = 360;

/**
 * Minute tiles: an hour from the reference, then the shift. Every minute the 5-minute window,
 * every 5 minutes the hour, every hour the day so far: the first that flags the shifted feature.
 */
function detection(shift: Shift, trial: number): { old: number | null; new: number | null } {
  const rng = seededRandom(50_000 + trial * 7 + shift.feature);
  const reference = referenceOf(rng);
  const tiles: TrafficSummary[] = [];
  const found: { old: number | null; new: number | null } = { old: null, new: null };
  for (let minute = 1; minute <= PRE_MINUTES + CAP_MINUTES; minute++) {
    const tile = empty();
    const shifted = minute > PRE_MINUTES;
    for (let i = 0; i < PER_MINUTE; i++) foldEventRow(ALARM_SPEC, tile, row(rng, shifted ? shift : null));
    tiles.push(tile);
    if (!shifted) continue;
    for (const w of WINDOWS) {
      const every = w.minutes === 5 ? 1 : w.minutes === 60 ? 5 : 60;
      if (minute % every !== 0) continue;
      const window = empty();
      for (const t of tiles.slice(-w.minutes)) window.merge(t);
      const v = verdicts(evaluateFromSummaries(ALARM_SPEC, reference, window));
      for (const kind of ['old', 'new'] as const) {
        // The old rules have no multivariate verdict: they can only see a flip in x1's own verdict.
        const joint = shift.foundBy === 'multivariate' && kind === 'new';
        const flagged = joint ? v.new.multivariate : v[kind].features[shift.feature];
        if (found[kind] === null && flagged) found[kind] = minute - PRE_MINUTES;
      }
    }
    if (found.old !== null && found.new !== null) break;
  }
  return found;
}

/** Garwood's exact 95% interval for a Poisson count, by bisection on the regularized gamma. */
function poissonInterval(count: number): [number, number] {
  const solve = (target: (mu: number) => number) => {
    let [lo, hi] = [0, count * 3 + 20];
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (target(mid) > 0) hi = mid;
      else lo = mid;
    }
    return (lo + hi) / 2;
  };
  // P(X ≥ count | mu) = P(Gamma(count) ≤ mu) = 0.025; P(X ≤ count | mu) = Q(count + 1, mu) = 0.025.
  const low = count === 0 ? 0 : solve((mu) => gammainc(mu, count, true, false) - 0.025);
  const high = solve((mu) => 0.025 - gammainc(mu, count + 1, true, true));
  return [low, high];
}

type Task =
  | { kind: 'models'; models: number[] }
  | { kind: 'delays'; trials: [number, number][] }
  | { kind: 'accuracy'; models: number[]; trials: number[] };

/** Minutes an accuracy drop is watched for: labels come slowly. */
const ACCURACY_CAP_MINUTES = 1440;

function runTask(task: Task): unknown {
  if (task.kind === 'models') return task.models.map(falseAlerts);
  if (task.kind === 'accuracy') {
    return [
      {
        alerts: task.models.map((m) => accuracyFalseAlerts(m, DAYS, PER_MINUTE)),
        delays: task.trials.map((t) => accuracyDetection(t, PER_MINUTE, ACCURACY_CAP_MINUTES)),
      },
    ];
  }
  return task.trials.map(([s, t]) => ({ shift: s, ...detection(SHIFTS[s]!, t) }));
}

/** Runs each task in a child process (one per core), which sends back its results. */
async function inWorkers<T>(tasks: Task[]): Promise<T[]> {
  const file = fileURLToPath(import.meta.url);
  const results = await Promise.all(
    tasks.map(
      (task) =>
        new Promise<T[]>((resolve, reject) => {
          const child = fork(file, [JSON.stringify(task)], { execArgv: ['--import', 'tsx'] });
          child.once('message', (m) => resolve(m as T[]));
          child.once('error', reject);
          child.once('exit', (code) => code !== 0 && reject(new Error(`a bench process exited ${code}`)));
        }),
    ),
  );
  return results.flat();
}

/** Median, mean and the share never found, of detection delays (null: never found). */
function delayStats(xs: (number | null)[]): { median: string; mean: string; never: string } {
  const seen = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const median = seen.length === 0 ? '–' : String(seen[Math.floor((seen.length - 1) / 2)]);
  const mean = seen.length === 0 ? '–' : (seen.reduce((a, b) => a + b, 0) / seen.length).toFixed(0);
  return { median, mean, never: `${(((xs.length - seen.length) / xs.length) * 100).toFixed(0)}%` };
}

/** A count per model per 30 days with its 95% interval. */
function perThirtyDays(count: number, modelDays: number): string {
  const rate = (x: number) => ((x / modelDays) * 30).toFixed((x / modelDays) * 30 < 10 ? 2 : 0);
  const [low, high] = poissonInterval(count);
  return `${rate(count)} (${rate(low)}–${rate(high)})`;
}

function split<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, p) => items.filter((_, i) => i % parts === p));
}

async function main(): Promise<void> {
  const threads = Math.max(1, Math.min(availableParallelism(), 4));
  console.log(
    `alarm bench: ${MODELS} models × ${DAYS} days = ${MODELS * DAYS} model-days, ${ALARM_SPEC.features.length} features, ` +
      `${PER_MINUTE} events/min, windows 5m/1h/24h, default budget (1 false alert per model per 30 days); ${threads} processes`,
  );
  const started = Date.now();
  const models = Array.from({ length: MODELS }, (_, i) => i);
  const counts = await inWorkers<Counts>(split(models, threads).map((m) => ({ kind: 'models', models: m })));
  const modelDays = counts.reduce((s, c) => s + c.modelDays, 0);
  const evaluations = counts.reduce((s, c) => s + c.evaluations, 0);
  console.log(`\nfalse alerts (${evaluations} evaluations, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.log(
    'rules                         alerts   per model per 30 days (95% CI)   by window 5m / 1h / 24h',
  );
  for (const kind of ['old', 'new'] as const) {
    const total = counts.reduce((s, c) => s + c.alerts[kind], 0);
    const byWindow = WINDOWS.map((w) => counts.reduce((s, c) => s + c.byWindow[w.name]![kind], 0)).join(
      ' / ',
    );
    const label = kind === 'old' ? 'fixed thresholds (old)' : 'noise-aware, budget 1 (new)';
    console.log(
      `${label.padEnd(30)}${String(total).padStart(6)}   ${perThirtyDays(total, modelDays).padStart(8)}`.padEnd(
        72,
      ) + byWindow,
    );
  }

  const by = (k: 'multivariate' | 'dataset') => counts.reduce((s, c) => s + c.newBy[k], 0);
  console.log(
    `of the new alerts: ${by('multivariate')} multivariate, ${by('dataset')} dataset drift, the rest single features`,
  );

  const trials = SHIFTS.flatMap((_, s) =>
    Array.from({ length: TRIALS }, (_, t) => [s, t] as [number, number]),
  );
  const delayStarted = Date.now();
  const found = await inWorkers<{ shift: number; old: number | null; new: number | null }>(
    split(trials, threads).map((t) => ({ kind: 'delays', trials: t })),
  );
  console.log(
    `\ndetection delay, minutes from the shift (${TRIALS} trials each, capped at ${CAP_MINUTES} min; ${((Date.now() - delayStarted) / 1000).toFixed(0)} s)`,
  );
  console.log('shift                                  old: median  never   new: median  mean  never');
  SHIFTS.forEach((shift, s) => {
    const of = (kind: 'old' | 'new') => found.filter((f) => f.shift === s).map((f) => f[kind]);
    const [o, n] = [delayStats(of('old')), delayStats(of('new'))];
    console.log(
      `${shift.name.padEnd(39)}${o.median.padStart(11)}${o.never.padStart(7)}${n.median.padStart(13)}${n.mean.padStart(6)}${n.never.padStart(7)}`,
    );
  });
  const flips = found.filter((f) => SHIFTS[f.shift]!.foundBy === 'multivariate');
  const byFeature = flips.filter((f) => f.old !== null).length;
  console.log(
    `(the old rules have no multivariate verdict: the flip's "old" column is x1's own fixed-threshold verdict, which flags noise within minutes; it fired in ${byFeature} of ${flips.length} trials)`,
  );
  await accuracy(threads);
}

/** A 5-point accuracy drop with 30% of outcomes: `degraded` old (point estimate) and new (interval). */
async function accuracy(threads: number): Promise<void> {
  const started = Date.now();
  const models = Array.from({ length: MODELS }, (_, i) => i);
  const trials = Array.from({ length: TRIALS }, (_, i) => i);
  const parts = await inWorkers<{
    alerts: { old: number; new: number }[];
    delays: { old: number | null; new: number | null }[];
  }>(
    split(models, threads).map((m, p) => ({
      kind: 'accuracy',
      models: m,
      trials: split(trials, threads)[p]!,
    })),
  );
  const alerts = parts.flatMap((p) => p.alerts);
  const delays = parts.flatMap((p) => p.delays);
  const modelDays = alerts.length * DAYS;
  console.log(
    `\naccuracy: a binary model, ${LABELLED * 100}% of outcomes, tolerance ${TOLERANCE * 100}% relative; ${modelDays} model-days and ${delays.length} drops of 5 points (capped at ${ACCURACY_CAP_MINUTES} min; ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  console.log(
    'degraded                      false alerts per model per 30 days (95% CI)   delay: median  never',
  );
  for (const kind of ['old', 'new'] as const) {
    const label = kind === 'old' ? 'point estimate (old)' : 'interval, budget 1 (new)';
    const d = delayStats(delays.map((x) => x[kind]));
    const count = alerts.reduce((s, a) => s + a[kind], 0);
    console.log(
      `${label.padEnd(30)}${perThirtyDays(count, modelDays).padEnd(46)}${d.median.padStart(7)}${d.never.padStart(7)}`,
    );
  }
}

if (process.send === undefined) {
  await main();
} else {
  process.send(runTask(JSON.parse(process.argv[2]!) as Task), () => process.exit(0));
}
