import type { ModelSpec } from '../../domain/model-spec.js';
import { SummaryFormatError } from '../bytes/format-error.js';
import { CbpeSummary } from '../cbpe/index.js';
import { CoMoments } from '../multivariate/comoments.js';
import { BinarySummary, MulticlassSummary, RegressionSummary } from '../performance/index.js';
import { decodeCategoricalSummary, encodeCategoricalSummary } from '../summaries/categorical-codec.js';
import { CategoricalSummary } from '../summaries/categorical-summary.js';
import { decodeNumericSummary, encodeNumericSummary } from '../summaries/numeric-codec.js';
import { NumericSummary } from '../summaries/numeric-summary.js';
import { ValueSum } from '../summaries/value-sum.js';

/**
 * A tile row's key is `<kind>` or `<kind>:<role>`: the kind alone says how to decode and merge
 * its bytes, so compaction and rollup stay generic; the role says what the summary is of.
 *
 *   events                          n = events in the bucket, no bytes
 *   numerical:feature:<name>        categorical:feature:<name>
 *   numerical:prediction            categorical:prediction        numerical:score
 *   cbpe                            binary | multiclass | regression   (labelled pairs)
 *   comoments                       (the numerical features' pairwise co-moments)
 *   value                           (outcomes' business values: count and total, by labelled pair)
 *
 * A feature whose type changes gets a new key, so summaries of two types never meet in a merge.
 */
export const EVENTS_KEY = 'events';

export type SummaryKind =
  'numerical' | 'categorical' | 'cbpe' | 'binary' | 'multiclass' | 'regression' | 'comoments' | 'value';

export interface SummaryByKind {
  numerical: NumericSummary;
  categorical: CategoricalSummary;
  cbpe: CbpeSummary;
  binary: BinarySummary;
  multiclass: MulticlassSummary;
  regression: RegressionSummary;
  comoments: CoMoments;
  value: ValueSum;
}

export type AnySummary = SummaryByKind[SummaryKind];

interface Codec<S> {
  decode(bytes: Uint8Array): S;
  encode(summary: S): Uint8Array;
  merge(into: S, from: S): void;
  /** A batch at once, where that is cheaper than one by one (the same result, or within bounds). */
  mergeAll?(into: S, from: readonly S[]): void;
}

const codecs: { [K in SummaryKind]: Codec<SummaryByKind[K]> } = {
  numerical: {
    decode: decodeNumericSummary,
    encode: encodeNumericSummary,
    merge: (a, b) => a.merge(b),
    mergeAll: (a, list) => a.mergeAll(list),
  },
  categorical: {
    decode: decodeCategoricalSummary,
    encode: encodeCategoricalSummary,
    merge: (a, b) => a.merge(b),
  },
  cbpe: {
    decode: (b) => CbpeSummary.fromBytes(b),
    encode: (s) => s.toBytes(),
    merge: (a, b) => a.merge(b),
    mergeAll: (a, list) => a.mergeAll(list),
  },
  binary: {
    decode: (b) => BinarySummary.fromBytes(b),
    encode: (s) => s.toBytes(),
    merge: (a, b) => a.merge(b),
    mergeAll: (a, list) => a.mergeAll(list),
  },
  multiclass: {
    decode: (b) => MulticlassSummary.fromBytes(b),
    encode: (s) => s.toBytes(),
    merge: (a, b) => a.merge(b),
  },
  regression: {
    decode: (b) => RegressionSummary.fromBytes(b),
    encode: (s) => s.toBytes(),
    merge: (a, b) => a.merge(b),
  },
  comoments: {
    decode: (b) => CoMoments.fromBytes(b),
    encode: (s) => s.toBytes(),
    merge: (a, b) => a.merge(b),
  },
  value: { decode: (b) => ValueSum.fromBytes(b), encode: (s) => s.toBytes(), merge: (a, b) => a.merge(b) },
};

export const COMOMENTS_KEY = 'comoments';
export const VALUE_KEY = 'value';

/** A key of an unknown kind (written by a newer version) is a row this version cannot decode. */
export function keyKind(key: string): SummaryKind | typeof EVENTS_KEY {
  const kind = key.split(':', 1)[0]!;
  if (kind === EVENTS_KEY || kind in codecs) return kind as SummaryKind | typeof EVENTS_KEY;
  throw new SummaryFormatError(`unknown tile key ${JSON.stringify(key)}`);
}

export function featureKey(type: 'numerical' | 'categorical', name: string): string {
  return `${type}:feature:${name}`;
}

export function decodeSummary<K extends SummaryKind>(kind: K, bytes: Uint8Array): SummaryByKind[K] {
  return codecs[kind].decode(bytes);
}

export function encodeSummary(summary: AnySummary): Uint8Array {
  return (codecs[kindOf(summary)] as Codec<AnySummary>).encode(summary);
}

/** Merges `from` into `into`; both must be of one kind (they come from one key). */
export function mergeSummary(into: AnySummary, from: AnySummary): void {
  const kind = kindOf(into);
  if (kindOf(from) !== kind) throw new TypeError(`cannot merge ${kindOf(from)} into ${kind}`);
  (codecs[kind] as Codec<AnySummary>).merge(into, from);
}

/**
 * Merges a batch of summaries of `into`'s kind into it, in order: bins and sums as merging them
 * one by one gives; t-digests compressed once for the batch (docs/adr/0003-summary-core.md §5).
 */
export function mergeSummaries(into: AnySummary, from: readonly AnySummary[]): void {
  const kind = kindOf(into);
  for (const summary of from) {
    if (kindOf(summary) !== kind) throw new TypeError(`cannot merge ${kindOf(summary)} into ${kind}`);
  }
  const codec = codecs[kind] as Codec<AnySummary>;
  if (codec.mergeAll) codec.mergeAll(into, from);
  else for (const summary of from) codec.merge(into, summary);
}

function kindOf(summary: AnySummary): SummaryKind {
  if (summary instanceof NumericSummary) return 'numerical';
  if (summary instanceof CategoricalSummary) return 'categorical';
  if (summary instanceof CbpeSummary) return 'cbpe';
  if (summary instanceof BinarySummary) return 'binary';
  if (summary instanceof MulticlassSummary) return 'multiclass';
  if (summary instanceof CoMoments) return 'comoments';
  if (summary instanceof ValueSum) return 'value';
  return 'regression';
}

export const CBPE_KEY = 'cbpe';
export const SCORE_KEY = 'numerical:score';

export function predictionKey(type: 'numerical' | 'categorical'): string {
  return `${type}:prediction`;
}

/** The key (and kind) of a task's labelled-pair summary. */
export function performanceKey(task: ModelSpec['task']): 'binary' | 'multiclass' | 'regression' {
  if (task === 'binary_classification') return 'binary';
  if (task === 'multiclass_classification') return 'multiclass';
  return 'regression';
}
