import type { FeatureType } from '../../stats/drift/types.js';
import type { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import type { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import {
  decodeSummary,
  encodeSummary,
  featureKey,
  predictionKey,
  SCORE_KEY,
} from '../../stats/core/summary-codec.js';

/**
 * A reference's summaries are stored under tile keys and with the core's codec (src/stats/core
 * summary-codec.ts): a reference and a window merged from tiles are read by the same names.
 */
export { featureKey, predictionKey, SCORE_KEY };

export type ColumnSummary = NumericSummary | CategoricalSummary;

export const encodeColumn = (summary: ColumnSummary): Uint8Array => encodeSummary(summary);
export const decodeColumn = (type: FeatureType, bytes: Uint8Array): ColumnSummary =>
  decodeSummary(type, bytes);
