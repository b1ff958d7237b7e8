import { seal, unseal } from './envelope.js';
import { NumericSummary } from './numeric-summary.js';
import { readSketch, writeSketch } from './sketch-codec.js';

/**
 * Bytes of a numerical summary (framed by envelope.ts):
 * count, nulls (varints); when count > 0: sum, mean, m2, min, max (float64);
 * then the sketch payload (sketch-codec.ts).
 */
export function encodeNumericSummary(summary: NumericSummary): Uint8Array {
  return seal('numeric', (w) => {
    w.varint(summary.count).varint(summary.nulls);
    if (summary.count > 0) {
      for (const v of [summary.sum, summary.mean, summary.m2, summary.min, summary.max]) w.f64(v);
    }
    writeSketch(w, summary.sketch);
  });
}

/** Decodes and validates; throws SummaryFormatError on anything inconsistent. */
export function decodeNumericSummary(bytes: Uint8Array): NumericSummary {
  return unseal(bytes, 'numeric', (r) => {
    const count = r.varint();
    const nulls = r.varint();
    const [sum, mean, m2, min, max] = count > 0 ? [0, 1, 2, 3, 4].map(() => r.f64()) : [0, 0, 0, 0, 0];
    const sketch = readSketch(r);
    if (sketch.count !== count) r.fail(`count ${count} but the sketch holds ${sketch.count}`);
    const summary = new NumericSummary({}, sketch);
    summary.count = count;
    summary.nulls = nulls;
    if (count > 0) {
      if (![sum, mean, m2, min, max].every(Number.isFinite)) r.fail('non-finite moment');
      if (!(min! <= max!) || !(m2! >= 0)) r.fail('inconsistent moments');
      Object.assign(summary, { sum, mean, m2, min, max });
    }
    return summary;
  });
}
