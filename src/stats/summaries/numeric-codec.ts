import type { ByteReader } from '../bytes/byte-reader.js';
import { seal, unseal } from './envelope.js';
import { scaleExponent, scaleFor } from './moments.js';
import { NumericSummary } from './numeric-summary.js';
import { readSketch, writeSketch } from './sketch-codec.js';

/**
 * Bytes of a numerical summary (framed by envelope.ts, format version 2):
 * count, nulls (varints); when count > 0: log2 of the scale (varint, 0 … 1023), then Σx, mean
 * and M2 divided by the scale (M2 by its square), min and max (float64); then the sketch
 * payload (sketch-codec.ts). Version 1 stored Σx, mean and M2 unscaled.
 */
export function encodeNumericSummary(summary: NumericSummary): Uint8Array {
  return seal('numeric', (w) => {
    w.varint(summary.count).varint(summary.nulls);
    if (summary.count > 0) {
      w.varint(scaleExponent(summary.scale));
      const { scaledSum, scaledMean, scaledM2, min, max } = summary;
      for (const v of [scaledSum, scaledMean, scaledM2, min, max]) w.f64(v);
    }
    writeSketch(w, summary.sketch);
  });
}

/** Decodes and validates; throws SummaryFormatError on anything inconsistent. */
export function decodeNumericSummary(bytes: Uint8Array): NumericSummary {
  return unseal(bytes, 'numeric', (r, version) => {
    const count = r.varint();
    const nulls = r.varint();
    const moments = count > 0 ? (version === 1 ? readUnscaled(r) : readScaled(r)) : undefined;
    const sketch = readSketch(r);
    if (sketch.count !== count) r.fail(`count ${count} but the sketch holds ${sketch.count}`);
    const summary = new NumericSummary({}, sketch);
    summary.nulls = nulls;
    if (moments) {
      const { scale, scaledSum, scaledMean, scaledM2, min, max } = moments;
      if (![scaledSum, scaledMean, scaledM2, min, max].every(Number.isFinite)) r.fail('non-finite moment');
      if (!(min <= max) || !(scaledM2 >= 0)) r.fail('inconsistent moments');
      if (scaleFor(Math.max(Math.abs(min), Math.abs(max))) > scale)
        r.fail(`scale 2^${scaleExponent(scale)} is too small`);
      summary.load({ count, scale, scaledMean, scaledM2 });
      Object.assign(summary, { scaledSum, min, max });
    }
    return summary;
  });
}

interface StoredMoments {
  scale: number;
  scaledSum: number;
  scaledMean: number;
  scaledM2: number;
  min: number;
  max: number;
}

function readScaled(r: ByteReader): StoredMoments {
  const exponent = r.varint();
  if (exponent > 1023) r.fail(`scale 2^${exponent} is out of range`);
  const [scaledSum, scaledMean, scaledM2, min, max] = [0, 1, 2, 3, 4].map(() => r.f64()) as number[];
  return {
    scale: 2 ** exponent,
    scaledSum: scaledSum!,
    scaledMean: scaledMean!,
    scaledM2: scaledM2!,
    min: min!,
    max: max!,
  };
}

/** Version 1: Σx, mean and M2 as they are; scaled here as version 2 keeps them. */
function readUnscaled(r: ByteReader): StoredMoments {
  const [sum, mean, m2, min, max] = [0, 1, 2, 3, 4].map(() => r.f64()) as number[];
  const scale = scaleFor(Math.max(Math.abs(min!), Math.abs(max!)));
  return {
    scale,
    scaledSum: sum! / scale,
    scaledMean: mean! / scale,
    scaledM2: m2! / scale / scale,
    min: min!,
    max: max!,
  };
}
