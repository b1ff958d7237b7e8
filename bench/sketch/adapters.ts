import { DDSketch } from '@datadog/sketches-js';
import tdigest from 'tdigest';
import { QuantileSketch } from '../../src/stats/summaries/quantile-sketch.js';
import { KllSketch } from './kll-sketch.js';
import { digestView } from '../../src/stats/summaries/digest-view.js';
import { encodeSketch } from '../../src/stats/summaries/sketch-codec.js';
import { TDigest } from '../../src/stats/summaries/t-digest.js';
import type { WeightedView } from '../../src/stats/summaries/weighted-view.js';

/**
 * One quantile sketch under test. Every sketch is judged through a WeightedView:
 * ours gives its own; a foreign sketch is read through its quantile function on a
 * fine grid (QUANTILE_GRID points), which is what any caller could get from it.
 */
export interface SketchAdapter<S> {
  readonly name: string;
  create(): S;
  add(sketch: S, value: number): void;
  /** Merges b into a (a is changed). */
  merge(a: S, b: S): void;
  bytes(sketch: S): number;
  view(sketch: S): WeightedView;
}

const QUANTILE_GRID = 20_000;

/**
 * Rank cells for reading a foreign sketch: QUANTILE_GRID equal cells, the two end
 * cells split geometrically down to 1e-7 so heavy tails are not smeared by the grid.
 */
const CELL_BOUNDS: number[] = (() => {
  const tail: number[] = [];
  for (let b = 1e-7; b < 1 / QUANTILE_GRID; b *= 1.25) tail.push(b);
  const bounds = [0, ...tail];
  for (let i = 1; i < QUANTILE_GRID; i++) bounds.push(i / QUANTILE_GRID);
  for (const b of [...tail].reverse()) bounds.push(1 - b);
  bounds.push(1);
  return bounds;
})();

/** A view of a sketch read through its quantile function at the middle of each rank cell. */
function viewFromQuantiles(quantile: (q: number) => number, n: number): WeightedView {
  const values: number[] = [];
  const cumulative: number[] = [];
  for (let i = 0; i + 1 < CELL_BOUNDS.length; i++) {
    const v = quantile((CELL_BOUNDS[i]! + CELL_BOUNDS[i + 1]!) / 2);
    const upTo = CELL_BOUNDS[i + 1]! * n;
    if (values.length > 0 && values[values.length - 1]! >= v) cumulative[cumulative.length - 1] = upTo;
    else {
      values.push(v);
      cumulative.push(upTo);
    }
  }
  return { values: Float64Array.from(values), cumulative: Float64Array.from(cumulative), total: n };
}

/** The service's t-digest alone, without exact mode or atoms, to show what those add. */
export function bareDigest(compression: number): SketchAdapter<TDigest> {
  return {
    name: `t-digest alone (own) δ=${compression}`,
    create: () => new TDigest(compression),
    add: (s, v) => s.add(v),
    merge: (a, b) => a.merge(b),
    bytes: (s) => {
      s.compress();
      return 16 + s.means.length * 9;
    },
    view: (s) => digestView(s, new Map()),
  };
}

export function ownKll(k: number, exactLimit: number, guard = 0): SketchAdapter<KllSketch> {
  return {
    name: `own KLL k=${k}${exactLimit > 0 ? ` exact≤${exactLimit}` : ''}${guard > 0 ? ` guard=${guard}` : ''}`,
    create: () => new KllSketch(k, exactLimit, guard),
    add: (s, v) => s.add(v),
    merge: (a, b) => a.merge(b),
    bytes: (s) => s.bytes(),
    view: (s) => s.view(),
  };
}

/** The sketch the service uses (src/stats/summaries/quantile-sketch.ts). */
export function chosenSketch(compression: number, exactLimit: number): SketchAdapter<QuantileSketch> {
  return {
    name: `chosen: t-digest δ=${compression} exact≤${exactLimit}`,
    create: () => new QuantileSketch({ compression, exactLimit }),
    add: (s, v) => s.add(v),
    merge: (a, b) => a.merge(b),
    bytes: (s) => encodeSketch(s).length,
    view: (s) => s.view(),
  };
}

export function welchTDigest(delta: number): SketchAdapter<tdigest.TDigest> {
  return {
    name: `tdigest (npm) delta=${delta}`,
    create: () => new tdigest.TDigest(delta),
    add: (s, v) => s.push(v),
    merge: (a, b) => a.push_centroid(b.toArray()),
    // No binary format of its own: count what (mean f64, count varint ~2 B) pairs would take.
    bytes: (s) => s.size() * 10,
    // `n` (total weight) is not in @types/tdigest; sum the centroids instead.
    view: (s) =>
      viewFromQuantiles(
        (q) => s.percentile(q),
        s.toArray().reduce((t, c) => t + c.n, 0),
      ),
  };
}

/**
 * @datadog/sketches-js 2.1.1 merge() forgets the negative-value store (open issue
 * DataDog/sketches-js#22); `patchMerge` adds it back so the relative-error design
 * itself is measured, not only that bug.
 */
export function ddSketch(relativeAccuracy: number, patchMerge: boolean): SketchAdapter<DDSketch> {
  return {
    name: `DDSketch (npm) α=${relativeAccuracy}${patchMerge ? ' +fix#22' : ''}`,
    create: () => new DDSketch({ relativeAccuracy }),
    add: (s, v) => s.accept(v),
    merge: (a, b) => {
      const wasEmpty = a.count === 0;
      a.merge(b);
      if (patchMerge && !wasEmpty) a.negativeStore.merge(b.negativeStore);
    },
    // toProto() needs protobufjs, which the package does not declare; count what its
    // encoding holds instead: each store's dense range of bins as packed doubles.
    bytes: (s) => 32 + 8 * (binRange(s.store) + binRange(s.negativeStore)),
    view: (s) => viewFromQuantiles((q) => s.getValueAtQuantile(q), s.count),
  };
}

function binRange(store: DDSketch['store']): number {
  return store.count === 0 ? 0 : store.maxKey - store.minKey + 1;
}
