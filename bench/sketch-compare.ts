/**
 * Compares quantile sketches on the drift inputs DESIGN.md bounds: KS D, PSI,
 * Jensen-Shannon, Hellinger (reference-decile bins) and normalized Wasserstein,
 * computed from merged sketches vs exactly from raw values; plus serialized size
 * and update speed. The window is built the way tiles are: minute sketches of
 * 100–1000 values, merged 60 at a time into hours, hours merged into the window.
 *
 *   node --import tsx bench/sketch-compare.ts [--sizes=100,1000,...] [--detail=NAME]
 */
import { hellinger, jensenShannon, proportions, psi } from '../src/stats/distances.js';
import {
  ksDistance,
  viewBinCounts,
  viewDecileEdges,
  wasserstein1,
} from '../src/stats/summaries/view-measures.js';
import { DRIFT_CASES, draw, type DriftCase } from '../tests/helpers/drift-cases.js';
import { seededRandom } from '../tests/helpers/seeded-random.js';
import { foldAsTiles } from '../tests/helpers/tiles.js';
import {
  chosenSketch,
  ddSketch,
  mergingDigest,
  ownKll,
  welchTDigest,
  type SketchAdapter,
} from './sketch/adapters.js';
import { exactInputs } from './sketch/exact.js';
import { normalizeWasserstein, populationStd } from '../src/stats/drift/numerical.js';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SIZES = (arg('sizes') ?? '100,1000,10000,100000,1000000').split(',').map(Number);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ADAPTERS: SketchAdapter<any>[] = [
  ownKll(200, 0),
  ownKll(1024, 0),
  ownKll(1024, 1024),
  ownKll(2048, 1024),
  ownKll(1024, 1024, 8),
  mergingDigest(200),
  mergingDigest(1000),
  welchTDigest(0.01),
  welchTDigest(0.002),
  ddSketch(0.01, false),
  ddSketch(0.01, true),
  ddSketch(0.001, true),
  chosenSketch(200, 1024),
  chosenSketch(500, 256),
  chosenSketch(500, 1024),
  chosenSketch(1000, 1024),
];

interface Errors {
  ks: number;
  psi: number;
  js: number;
  hellinger: number;
  wasserstein: number;
  wassersteinOk: boolean;
}

function compare<S>(adapter: SketchAdapter<S>, c: DriftCase, n: number, seed: number) {
  const rng = seededRandom(seed);
  const ref = draw(n, c.reference, rng);
  const win = draw(n, c.window, rng);
  const exact = exactInputs(ref, win);
  const refSketch = adapter.create();
  for (const v of ref) adapter.add(refSketch, v);
  const { window: winSketch, firstTile: tile } = foldAsTiles(win, adapter, seededRandom(seed + 1));
  const rv = adapter.view(refSketch);
  const wv = adapter.view(winSketch);
  const edges = viewDecileEdges(rv);
  const p = proportions(viewBinCounts(rv, edges));
  const q = proportions(viewBinCounts(wv, edges));
  const ep = proportions(exact.refCounts);
  const eq = proportions(exact.winCounts);
  // The reference std comes exactly from a summary's moments, so use the exact one here too.
  const wExact = exact.wassersteinNormalized;
  const wSketch = normalizeWasserstein(wasserstein1(rv, wv), populationStd(ref));
  const errors: Errors = {
    ks: Math.abs(ksDistance(rv, wv) - exact.ks),
    psi: Math.abs(psi(p, q) - psi(ep, eq)),
    js: Math.abs(jensenShannon(p, q) - jensenShannon(ep, eq)),
    hellinger: Math.abs(hellinger(p, q) - hellinger(ep, eq)),
    wasserstein: Math.abs(wSketch - wExact),
    wassersteinOk: Math.abs(wSketch - wExact) <= Math.max(0.01 * wExact, 0.005),
  };
  return { errors, refBytes: adapter.bytes(refSketch), tileBytes: adapter.bytes(tile), exact: { wExact } };
}

function withinBounds(e: Errors): boolean {
  return e.ks <= 0.01 && e.psi <= 0.01 && e.js <= 0.01 && e.hellinger <= 0.01 && e.wassersteinOk;
}

function updateSpeed<S>(adapter: SketchAdapter<S>): number {
  const values = draw(1_000_000, DRIFT_CASES[0]!.reference, seededRandom(7));
  const s = adapter.create();
  const t0 = performance.now();
  for (const v of values) adapter.add(s, v);
  return values.length / ((performance.now() - t0) / 1000);
}

const fmt = (x: number): string => (x < 0.0001 ? x.toExponential(0) : x.toFixed(4));
const pad = (s: string | number, w: number): string => String(s).padStart(w);

console.log(`sizes: ${SIZES.join(', ')}; cases: ${DRIFT_CASES.map((c) => c.name).join(', ')}`);
console.log(
  ['sketch'.padEnd(30), 'max|ΔKS|', 'max|ΔPSI|', 'max|ΔJS|', 'max|ΔHel|', 'max|ΔWn|', 'W ok', 'all ok'].join(
    ' ',
  ),
  ' ref bytes@1e5  tile bytes  values/s',
);
const detail = arg('detail');
const only = arg('only');
const cases = arg('cases');
for (const adapter of ADAPTERS.filter((a) => only === undefined || a.name.includes(only))) {
  const worst: Errors = { ks: 0, psi: 0, js: 0, hellinger: 0, wasserstein: 0, wassersteinOk: true };
  let ok = 0;
  let wOk = 0;
  let total = 0;
  let refBytes = 0;
  let tileBytes = 0;
  const failures: string[] = [];
  DRIFT_CASES.forEach((c, ci) => {
    if (cases !== undefined && !c.name.includes(cases)) return;
    for (const n of SIZES) {
      const r = compare(adapter, c, n, 1000 * ci + n);
      total++;
      for (const key of ['ks', 'psi', 'js', 'hellinger', 'wasserstein'] as const) {
        worst[key] = Math.max(worst[key], r.errors[key]);
      }
      if (r.errors.wassersteinOk) wOk++;
      if (withinBounds(r.errors)) ok++;
      else failures.push(`${c.name}@${n}`);
      if (n === 100_000 && c.name === 'normal shift') refBytes = r.refBytes;
      if (n === Math.max(...SIZES) && c.name === 'normal shift') tileBytes = r.tileBytes;
      if (detail !== undefined && adapter.name.includes(detail)) {
        const e = r.errors;
        console.log(
          `   ${c.name.padEnd(15)} ${pad(n, 8)}  KS ${fmt(e.ks)} PSI ${fmt(e.psi)} JS ${fmt(e.js)} Hel ${fmt(e.hellinger)} Wn ${fmt(e.wasserstein)} (exact ${r.exact.wExact.toFixed(3)}) bytes ${r.refBytes}`,
        );
      }
    }
  });
  console.log(
    [
      adapter.name.padEnd(30),
      pad(fmt(worst.ks), 8),
      pad(fmt(worst.psi), 9),
      pad(fmt(worst.js), 8),
      pad(fmt(worst.hellinger), 9),
      pad(fmt(worst.wasserstein), 8),
      pad(`${wOk}/${total}`, 5),
      pad(`${ok}/${total}`, 6),
    ].join(' '),
    pad(refBytes, 14),
    pad(tileBytes, 11),
    pad(Math.round(updateSpeed(adapter)).toLocaleString('en'), 10),
  );
  if (failures.length > 0) console.log(`   out of bounds: ${failures.join(', ')}`);
}
