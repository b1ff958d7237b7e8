import {
  decodeCategoricalSummary,
  encodeCategoricalSummary,
} from '../../stats/summaries/categorical-codec.js';
import { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import { decodeNumericSummary, encodeNumericSummary } from '../../stats/summaries/numeric-codec.js';
import type { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import type { FeatureType } from '../../stats/drift/types.js';

/**
 * Keys of column summaries, the same as tile keys (src/modules/tiles): a reference's summaries
 * and a window's merged tiles are read by the same names. The type is part of the key, so a
 * feature whose type changes never meets a summary of the other type.
 */
export const featureKey = (type: FeatureType, name: string): string => `${type}:feature:${name}`;
export const predictionKey = (type: FeatureType): string => `${type}:prediction`;
export const SCORE_KEY = 'numerical:score';

export type ColumnSummary = NumericSummary | CategoricalSummary;

export function encodeColumn(summary: ColumnSummary): Uint8Array {
  return summary instanceof CategoricalSummary
    ? encodeCategoricalSummary(summary)
    : encodeNumericSummary(summary);
}

export function decodeColumn(type: FeatureType, bytes: Uint8Array): ColumnSummary {
  return type === 'categorical' ? decodeCategoricalSummary(bytes) : decodeNumericSummary(bytes);
}
