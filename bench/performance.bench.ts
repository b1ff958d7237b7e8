/**
 * Folding labelled binary pairs and CBPE predictions into tile summaries, and reading a
 * window's metrics back from them.
 *   node --import tsx bench/performance.bench.ts [events=1000000]
 */
import { CbpeSummary } from '../src/stats/cbpe/index.js';
import { BinarySummary } from '../src/stats/performance/index.js';
import { seededRandom, sigmoid } from '../tests/helpers/random.js';

const n = Number(process.argv[2] ?? 1_000_000);
const r = seededRandom(5);
const scores = new Float64Array(n);
const actual: boolean[] = [];
for (let i = 0; i < n; i++) {
  scores[i] = sigmoid(r.logistic());
  actual.push(r.bernoulli(scores[i]!));
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

const [binary, foldBinary] = timed(() => {
  const summary = new BinarySummary();
  for (let i = 0; i < n; i++) summary.add(actual[i]!, scores[i]! >= 0.5, scores[i]);
  return summary;
});
const [cbpe, foldCbpe] = timed(() => {
  const summary = new CbpeSummary();
  for (let i = 0; i < n; i++) summary.add(scores[i]!, scores[i]! >= 0.5);
  return summary;
});
const [, metricsMs] = timed(() => binary.metrics());
const [, estimateMs] = timed(() => cbpe.estimate({ method: 'identity' }));
const rate = (ms: number) => `${((n / ms) * 1e3).toExponential(2)} events/s`;
console.log(`${n} events`);
console.log(`fold BinarySummary: ${rate(foldBinary)}; ${binary.toBytes().length} bytes stored`);
console.log(`fold CbpeSummary:   ${rate(foldCbpe)}; ${cbpe.toBytes().length} bytes stored`);
console.log(
  `metrics from the binary summary: ${metricsMs.toFixed(1)} ms; CBPE estimate: ${estimateMs.toFixed(1)} ms`,
);
