/**
 * Issue 3 item 7: folding 1,000,000 events × 20 features into summaries, evaluating a window
 * of that size from summaries and exactly from raw arrays, and SciPy on the same arrays.
 *   npm run bench:stats            (node --import tsx bench/stats.bench.ts [events] [features])
 * Goals: folding ≥ 2 million values/s on one core; evaluation from summaries ≥ 100× faster
 * than SciPy's ks_2samp + wasserstein_distance on the raw data.
 */
import { evaluateFromValues } from '../src/stats/evaluation/raw-backend.js';
import { rawParts, type RawTraffic, type RawNumerical } from '../src/stats/evaluation/raw-parts.js';
import { evaluateFromSummaries, referenceFromSummaries } from '../src/stats/evaluation/summary-backend.js';
import type { NumericSummary } from '../src/stats/summaries/numeric-summary.js';
import { generatedRows, generatedSpec } from '../tests/helpers/evaluation-model.js';
import { benchFeatures, benchSpec, type BenchFeature } from './stats/data.js';
import { scipyVersion, timeScipy } from './stats/scipy.js';
import { emptyTraffic, foldEventRow } from '../src/stats/core/traffic.js';
import { TrafficSummary } from '../src/stats/core/traffic-summary.js';

const events = Number(process.argv[2] ?? 1_000_000);
const featureCount = Number(process.argv[3] ?? 20);

function time<T>(run: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

console.log(
  `modelwatch stats benchmark: ${fmt(events)} events × ${featureCount} numerical features, Node ${process.version}`,
);
const { ms: generateMs, result: features } = time(() => benchFeatures(featureCount, events));
console.log(`  (generated reference and window in ${fmt(generateMs)} ms)`);
const spec = benchSpec(features);

/** Folds each side's arrays into summary columns, feature by feature (how tiles fold values). */
function foldSummaries(side: 'reference' | 'window'): TrafficSummary {
  const columns = TrafficSummary.empty(spec);
  features.forEach((f, i) => {
    const summary = columns.features[i] as NumericSummary;
    const values = f[side];
    for (let j = 0; j < values.length; j++) summary.add(values[j]!);
  });
  columns.events = events;
  return columns;
}

function rawColumns(side: 'reference' | 'window'): RawTraffic {
  const columns = emptyTraffic(spec, rawParts);
  features.forEach((f: BenchFeature, i) => {
    const values = (columns.features[i] as RawNumerical).values;
    for (const v of f[side]) values.push(v);
  });
  columns.events = events;
  return columns;
}

const folded = time(() => foldSummaries('window'));
const values = events * featureCount;
console.log(
  `\nfold values into numerical summaries: ${fmt(folded.ms)} ms, ${fmt(values / (folded.ms / 1000))} values/s`,
);
const referenceSummaries = foldSummaries('reference');

const eventsFold = foldEvents(Math.min(events, 1_000_000));
console.log(
  `fold whole events (8 numerical + 1 categorical features, score, prediction, outcome): ` +
    `${fmt(eventsFold.events / (eventsFold.ms / 1000))} events/s, ${fmt((eventsFold.events * 9) / (eventsFold.ms / 1000))} feature values/s`,
);

const fixed = time(() => referenceFromSummaries(spec, referenceSummaries, null));
const fromSummaries = time(() => evaluateFromSummaries(spec, fixed.result, folded.result));
console.log(
  `\nevaluate from summaries: fix the reference once ${fmt(fixed.ms, 1)} ms; evaluate the window ${fmt(fromSummaries.ms, 1)} ms`,
);

const rawRef = rawColumns('reference');
const rawWin = rawColumns('window');
const exact = time(() => evaluateFromValues(spec, rawRef, rawWin));
const summaryMs = fixed.ms + fromSummaries.ms;
console.log(`evaluate exactly from raw arrays: ${fmt(exact.ms)} ms`);
console.log(`ratio raw / summaries (reference + window): ${fmt(exact.ms / summaryMs, 1)}×`);

const ksOf = (f: (typeof exact.result.features)[number]) =>
  f.type === 'numerical' && f.measures !== null ? f.measures.ks.statistic : 0;
const worst = Math.max(
  ...exact.result.features.map((f, i) => Math.abs(ksOf(fromSummaries.result.features[i]!) - ksOf(f))),
);
console.log(`  (largest |KS D summaries − exact| over the features: ${worst.toExponential(2)})`);

const version = scipyVersion();
const scipy = timeScipy(features);
if ('skipped' in scipy) console.log(`\nSciPy: skipped (${scipy.skipped})`);
else {
  console.log(
    `\nSciPy ${version} ks_2samp(method="asymp") + wasserstein_distance, ${featureCount} features: ${fmt(scipy.ms)} ms`,
  );
  console.log(`ratio SciPy / summaries (reference + window): ${fmt(scipy.ms / summaryMs, 1)}× (goal ≥ 100×)`);
  console.log(
    `ratio SciPy / summaries (window only, reference fixed): ${fmt(scipy.ms / fromSummaries.ms, 1)}×`,
  );
}
console.log(`\npeak RSS ${fmt(process.memoryUsage().rss / 1e6)} MB`);

/** Whole events through foldRow, as `modelwatch report --sketch` folds rows. */
function foldEvents(n: number): { events: number; ms: number } {
  const modelSpec = generatedSpec();
  const batch = generatedRows(Math.min(n, 100_000), true, 9);
  const columns = TrafficSummary.empty(modelSpec);
  const started = performance.now();
  for (let done = 0; done < n; done += batch.length)
    for (const row of batch) foldEventRow(modelSpec, columns, row);
  return { events: Math.ceil(n / batch.length) * batch.length, ms: performance.now() - started };
}
