/**
 * Compares quantile sketches on the drift inputs docs/statistics.md bounds: KS D, PSI,
 * Jensen-Shannon, Hellinger (reference-decile bins) and normalized Wasserstein,
 * computed from merged sketches vs exactly from raw values (src/stats/drift); plus
 * serialized size and update speed. The reference is folded in one pass; the
 * window as tiles (tests/helpers/tiles.ts): minute sketches of 100–1000 values,
 * merged 60 at a time into hours, the hours merged into the window.
 *
 *   node --import tsx bench/sketch-compare.ts [--sizes=100,1000,...] [--only=NAME] [--cases=NAME] [--detail=NAME]
 */
import { hellinger, jensenShannon, proportions, psi } from '../src/stats/distances.js';
import { normalizeWasserstein, populationStd } from '../src/stats/drift/numerical.js';
import {
  ksDistance,
  viewBinCounts,
  viewDecileEdges,
  halfWasserstein1,
} from '../src/stats/summaries/view-measures.js';
import { DRIFT_CASES, draw, type DriftCase } from '../tests/helpers/drift-cases.js';
import { seededRandom } from '../tests/helpers/random.js';
import { foldAsTiles } from '../tests/helpers/tiles.js';
import {
  bareDigest,
  chosenSketch,
  ddSketch,
  ownKll,
  welchTDigest,
  type SketchAdapter,
} from './sketch/adapters.js';
import { exactInputs } from './sketch/exact.js';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SIZES = (arg('sizes') ?? '100,1000,10000,100000,1000000').split(',').map(Number);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ADAPTERS: SketchAdapter<any>[] = [
  ownKll(200, 0),
  ownKll(1024, 1024),
  ownKll(2048, 1024),
  ownKll(1024, 1024, 8),
  bareDigest(500),
  welchTDigest(0.01),
  ddSketch(0.01, false),
  ddSketch(0.01, true),
  chosenSketch(200, 1024),
  chosenSketch(500, 256),
  chosenSketch(500, 1024),
  chosenSketch(1000, 1024),
];

const MEASURES = ['ks', 'psi', 'js', 'hellinger', 'wasserstein'] as const;
type Errors = Record<(typeof MEASURES)[number], number> & { wassersteinOk: boolean };

function compare<S>(adapter: SketchAdapter<S>, c: DriftCase, n: number, seed: number) {
  const rng = seededRandom(seed);
  const ref = draw(n, c.reference, rng);
  const win = draw(n, c.window, rng);
  const exact = exactInputs(ref, win);
  const refSketch = adapter.create();
  for (const v of ref) adapter.add(refSketch, v);
  const { window: winSketch, firstTile } = foldAsTiles(win, adapter, seededRandom(seed + 1));
  const rv = adapter.view(refSketch);
  const wv = adapter.view(winSketch);
  const edges = viewDecileEdges(rv);
  const [p, q] = [proportions(viewBinCounts(rv, edges)), proportions(viewBinCounts(wv, edges))];
  const [ep, eq] = [proportions(exact.refCounts), proportions(exact.winCounts)];
  // A summary's std comes exactly from its moments, so only W1 is the sketch's.
  const wExact = exact.wassersteinNormalized;
  const wSketch = normalizeWasserstein(halfWasserstein1(rv, wv), populationStd(ref));
  const errors: Errors = {
    ks: Math.abs(ksDistance(rv, wv) - exact.ks),
    psi: Math.abs(psi(p, q) - psi(ep, eq)),
    js: Math.abs(jensenShannon(p, q) - jensenShannon(ep, eq)),
    hellinger: Math.abs(hellinger(p, q) - hellinger(ep, eq)),
    wasserstein: Math.abs(wSketch - wExact),
    wassersteinOk: Math.abs(wSketch - wExact) <= Math.max(0.01 * wExact, 0.005),
  };
  return { errors, wExact, refBytes: adapter.bytes(refSketch), tileBytes: adapter.bytes(firstTile) };
}

const withinBounds = (e: Errors): boolean =>
  e.ks <= 0.01 && e.psi <= 0.01 && e.js <= 0.01 && e.hellinger <= 0.01 && e.wassersteinOk;

function updateSpeed<S>(adapter: SketchAdapter<S>): number {
  const values = draw(1_000_000, DRIFT_CASES[0]!.reference, seededRandom(7));
  adapter.add(adapter.create(), 0); // warm up the code path before timing
  const s = adapter.create();
  const t0 = performance.now();
  for (const v of values) adapter.add(s, v);
  return values.length / ((performance.now() - t0) / 1000);
}

const fmt = (x: number): string => (x === 0 ? '0' : x < 0.0001 ? '<1e-4' : x.toFixed(4));
const cells = (xs: (string | number)[], widths: number[]): string =>
  xs.map((x, i) => String(x).padStart(widths[i]!)).join(' | ');
const WIDTHS = [34, 7, 7, 7, 7, 7, 6, 6, 9, 9, 10];

const detail = arg('detail');
const only = arg('only');
const caseFilter = arg('cases');
const cases = DRIFT_CASES.filter((c) => caseFilter === undefined || c.name.includes(caseFilter));
console.log(`sizes ${SIZES.join(', ')}; cases: ${cases.map((c) => c.name).join(', ')}`);
console.log(`bytes: reference of 100,000 normal values; first minute tile (~100–1000 values)\n`);
console.log(
  cells(['sketch', 'KS', 'PSI', 'JS', 'Hel', 'W/σ', 'W ok', 'all ok', 'ref B', 'tile B', 'values/s'], WIDTHS),
);
for (const adapter of ADAPTERS.filter((a) => only === undefined || a.name.includes(only))) {
  const worst: Errors = { ks: 0, psi: 0, js: 0, hellinger: 0, wasserstein: 0, wassersteinOk: true };
  let [ok, wOk, total, refBytes, tileBytes] = [0, 0, 0, 0, 0];
  const failures: string[] = [];
  cases.forEach((c) => {
    const ci = DRIFT_CASES.indexOf(c);
    for (const n of SIZES) {
      const r = compare(adapter, c, n, 1000 * ci + n);
      total++;
      for (const key of MEASURES) worst[key] = Math.max(worst[key], r.errors[key]);
      if (r.errors.wassersteinOk) wOk++;
      if (withinBounds(r.errors)) ok++;
      else failures.push(`${c.name}@${n}`);
      if (c.name === 'normal shift' && n === 100_000) refBytes = r.refBytes;
      if (c.name === 'normal shift' && n === Math.max(...SIZES)) tileBytes = r.tileBytes;
      if (detail !== undefined && adapter.name.includes(detail)) {
        const e = r.errors;
        const line = MEASURES.map((m) => `${m} ${fmt(e[m])}`).join('  ');
        console.log(
          `    ${c.name.padEnd(15)} ${String(n).padStart(8)}  ${line}  (W/σ ${r.wExact.toFixed(3)}) ${r.refBytes} B`,
        );
      }
    }
  });
  const speed = Math.round(updateSpeed(adapter)).toLocaleString('en');
  const row = [adapter.name, ...MEASURES.map((m) => fmt(worst[m])), `${wOk}/${total}`, `${ok}/${total}`];
  console.log(cells([...row, refBytes, tileBytes, speed], WIDTHS));
  if (failures.length > 0) console.log(`    out of bounds: ${failures.join(', ')}`);
}
