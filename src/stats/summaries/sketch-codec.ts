import type { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { MAX_ATOMS, QuantileSketch, type SketchState } from './quantile-sketch.js';

/**
 * Sketch payload: mode (u8: 0 exact, 1 digest), compression, exactLimit (varints), then
 * exact:  m, m ascending float64 values, m varint counts;
 * digest: a atoms (ascending float64), a varint counts, min, max (float64),
 *         c centroids: c float64 means (ascending), c varint weights.
 */
const MODE_EXACT = 0;
const MODE_DIGEST = 1;

export function writeSketch(w: ByteWriter, sketch: QuantileSketch): void {
  const state = sketch.state();
  w.u8(state.mode === 'exact' ? MODE_EXACT : MODE_DIGEST)
    .varint(sketch.compression)
    .varint(sketch.exactLimit);
  if (state.mode === 'exact') {
    writeCounted(w, state.values, state.counts);
    return;
  }
  writeCounted(w, state.atoms, state.atomCounts);
  w.f64(state.min).f64(state.max);
  writeCounted(w, state.means, state.weights);
}

/** The sketch payload alone (no framing): what a sketch costs inside a summary. */
export function encodeSketch(sketch: QuantileSketch): Uint8Array {
  const w = new ByteWriter();
  writeSketch(w, sketch);
  return w.finish();
}

export function readSketch(r: ByteReader): QuantileSketch {
  const mode = r.u8();
  const compression = r.varint();
  const exactLimit = r.varint();
  const options = { compression, exactLimit };
  // The constructor checks both parameters; report its complaint as a format error.
  try {
    new QuantileSketch(options);
  } catch (err) {
    r.fail(`sketch: ${(err as Error).message}`);
  }
  if (mode === MODE_EXACT) {
    const [values, counts] = readCounted(r, 'exact value', exactLimit, true);
    return QuantileSketch.fromState({ mode: 'exact', values, counts }, options);
  }
  if (mode !== MODE_DIGEST) r.fail(`sketch: unknown mode ${mode}`);
  const [atoms, atomCounts] = readCounted(r, 'atom', MAX_ATOMS, true);
  const min = finite(r);
  const max = finite(r);
  const [means, weights] = readCounted(r, 'centroid', Number.MAX_SAFE_INTEGER, false);
  if (means.length === 0) r.fail('sketch: digest without centroids');
  if (min > means[0]! || max < means[means.length - 1]!) r.fail('sketch: centroids outside [min, max]');
  const state: SketchState = { mode: 'digest', atoms, atomCounts, means, weights, min, max };
  return QuantileSketch.fromState(state, options);
}

function writeCounted(w: ByteWriter, values: readonly number[], counts: readonly number[]): void {
  w.varint(values.length);
  for (const v of values) w.f64(v);
  for (const c of counts) w.varint(c);
}

/** Reads m ascending values and m positive counts, with m ≤ limit. */
function readCounted(r: ByteReader, what: string, limit: number, strict: boolean): [number[], number[]] {
  const m = r.varint();
  if (m > limit) r.fail(`sketch: ${m} ${what}s exceed the limit ${limit}`);
  const values: number[] = [];
  for (let i = 0; i < m; i++) {
    const v = finite(r);
    const previous = values[i - 1];
    if (previous !== undefined && (strict ? v <= previous : v < previous)) {
      r.fail(`sketch: ${what}s not in ascending order`);
    }
    values.push(v);
  }
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    const c = r.varint();
    if (c === 0) r.fail(`sketch: ${what} with zero weight`);
    counts.push(c);
  }
  return [values, counts];
}

/** The next float64, which must be finite. */
function finite(r: ByteReader): number {
  const v = r.f64();
  if (!Number.isFinite(v)) r.fail(`sketch: non-finite value ${v}`);
  return v;
}
