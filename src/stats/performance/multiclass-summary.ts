import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import type { MulticlassMetrics } from './performance.schemas.js';

const KIND = 0x4d; // 'M'
const VERSION = 1;

/**
 * Confusion counts of a multiclass classifier (rows: actual class, columns: predicted).
 * Starts from the model's class list; a class seen outside it is appended rather than
 * refused, so one odd event cannot stop a tile from folding. Merging aligns classes by name.
 */
export class MulticlassSummary {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  /** counts.get(actualIndex * STRIDE + predictedIndex) */
  private readonly counts = new Map<number, number>();

  constructor(classes: readonly string[] = []) {
    for (const name of classes) this.classIndex(name);
  }

  get classes(): readonly string[] {
    return this.names;
  }

  add(actual: string, predicted: string, count = 1): this {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`not a count: ${count}`);
    if (count === 0) return this;
    const key = this.classIndex(actual) * STRIDE + this.classIndex(predicted);
    this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    return this;
  }

  merge(other: MulticlassSummary): this {
    for (const [key, count] of other.counts) {
      this.add(other.names[Math.floor(key / STRIDE)]!, other.names[key % STRIDE]!, count);
    }
    return this;
  }

  /** Count of pairs with this actual and predicted class. */
  count(actual: string, predicted: string): number {
    const a = this.index.get(actual);
    const p = this.index.get(predicted);
    return a === undefined || p === undefined ? 0 : (this.counts.get(a * STRIDE + p) ?? 0);
  }

  get labelled(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  metrics(): MulticlassMetrics {
    return multiclassFromCells(this.names.length, this.counts);
  }

  toBytes(): Uint8Array {
    const out = new ByteWriter().header(KIND, VERSION).varint(this.names.length);
    for (const name of this.names) out.string(name);
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    out.varint(keys.length);
    for (const key of keys) {
      out
        .varint(Math.floor(key / STRIDE))
        .varint(key % STRIDE)
        .varint(this.counts.get(key)!);
    }
    return out.finish();
  }

  static fromBytes(bytes: Uint8Array): MulticlassSummary {
    const input = new ByteReader(bytes, 'multiclass summary');
    input.header(KIND, VERSION);
    const classCount = input.varint();
    const names: string[] = [];
    for (let i = 0; i < classCount; i++) names.push(input.string());
    const summary = new MulticlassSummary(names);
    if (summary.names.length !== classCount) input.fail('duplicate class names');
    const cells = input.varint();
    let previousKey = -1;
    for (let i = 0; i < cells; i++) {
      const [a, p, count] = [input.varint(), input.varint(), input.varint()];
      if (a >= classCount || p >= classCount) input.fail('class index out of range');
      if (a * STRIDE + p <= previousKey || count === 0) input.fail('cells out of order or empty');
      previousKey = a * STRIDE + p;
      summary.add(names[a]!, names[p]!, count);
    }
    input.end();
    return summary;
  }

  private classIndex(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      if (this.names.length >= STRIDE) throw new RangeError(`more than ${STRIDE} classes`);
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

/** Upper bound on classes; keys are actual * STRIDE + predicted. */
const STRIDE = 1 << 16;

/**
 * sklearn's definitions with its default labels (classes seen as actual or predicted):
 * per-class precision and recall are 0 where they divide by zero (zero_division default),
 * macro is their unweighted mean, micro pools the counts.
 */
function multiclassFromCells(classCount: number, cells: ReadonlyMap<number, number>): MulticlassMetrics {
  const tp = new Array<number>(classCount).fill(0);
  const actualTotals = new Array<number>(classCount).fill(0);
  const predictedTotals = new Array<number>(classCount).fill(0);
  let total = 0;
  for (const [key, count] of cells) {
    const a = Math.floor(key / STRIDE);
    const p = key % STRIDE;
    actualTotals[a]! += count;
    predictedTotals[p]! += count;
    if (a === p) tp[a]! += count;
    total += count;
  }
  if (total === 0)
    return { accuracy: null, macroF1: null, microF1: null, macroPrecision: null, macroRecall: null };
  let correct = 0;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const [hits, actual, predicted] = [tp[c]!, actualTotals[c]!, predictedTotals[c]!];
    if (actual + predicted === 0) continue;
    correct += hits;
    precision.push(predicted > 0 ? hits / predicted : 0);
    recall.push(actual > 0 ? hits / actual : 0);
    f1.push((2 * hits) / (actual + predicted));
  }
  return {
    accuracy: correct / total,
    macroF1: mean(f1),
    // Pooled: Σtp, Σfp = Σfn = total − Σtp, so F1 = Σtp / total.
    microF1: correct / total,
    macroPrecision: mean(precision),
    macroRecall: mean(recall),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
