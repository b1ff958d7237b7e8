import type { CbpeCalibration } from '../../stats/cbpe/index.js';
import { emptyTraffic, foldEventRow } from '../../stats/core/traffic.js';
import { summaryParts } from '../../stats/core/traffic-summary.js';
import { fitCbpeOf, realizedOf } from '../../stats/evaluation/performance-results.js';
import { rawBackend } from '../../stats/evaluation/raw-backend.js';
import { rawParts } from '../../stats/evaluation/raw-parts.js';
import { buildReference, type FeatureReference } from '../../stats/evaluation/reference.js';
import type { EventRow } from '../../stats/core/read.js';
import type { RealizedPerformance } from '../../stats/performance/index.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { ColumnProfile, ReferenceProfiles } from './references.schemas.js';
import { encodeColumn, featureKey, predictionKey, SCORE_KEY, type ColumnSummary } from './summary-keys.js';

/** A reference ready to store: what was decided from it, its summaries, and CBPE's calibration. */
export interface BuiltReference {
  rows: number;
  labelled: number;
  profiles: ReferenceProfiles;
  /** One summary per profiled column, by key. */
  summaries: Map<string, Uint8Array>;
  cbpe: CbpeCalibration | null;
  performance: RealizedPerformance | null;
}

export class TooManyReferenceRowsError extends Error {
  constructor(readonly maxRows: number) {
    super(`a reference may have at most ${maxRows} rows`);
  }
}

/**
 * Folds reference rows (src/stats/core's one fold) into two sets of parts: into raw columns, from which the profiles (decile edges, default
 * methods, ranges) and CBPE's calibration are computed exactly, as `modelwatch report` computes
 * them; and into summaries, which windows from tiles are compared with (KS and Wasserstein need
 * the reference's distribution, not only its bins). Raw columns cost 8 bytes per numerical value,
 * so the row count is capped.
 */
export function createReferenceBuilder(spec: ModelSpec, maxRows: number) {
  const raw = emptyTraffic(spec, rawParts);
  const summaries = emptyTraffic(spec, summaryParts);
  return {
    add(row: EventRow): void {
      if (raw.events + raw.rejected >= maxRows) throw new TooManyReferenceRowsError(maxRows);
      foldEventRow(spec, raw, row);
      foldEventRow(spec, summaries, row);
    },

    get rowsSeen(): number {
      return raw.events + raw.rejected;
    },

    build(): BuiltReference {
      const cbpe = fitCbpeOf(raw.performance);
      const fitted = buildReference(spec, raw, rawBackend, cbpe);
      const stored = new Map<string, Uint8Array>();
      const profile = (
        ref: FeatureReference<unknown, unknown>,
        key: string,
        summary: ColumnSummary,
      ): ColumnProfile => {
        stored.set(key, encodeColumn(summary));
        const { profile: p } = ref;
        return {
          key,
          name: ref.name,
          type: ref.type,
          rows: p.rows,
          present: p.present,
          distinct: p.distinct,
          discrete: p.discrete,
          edges: p.edges,
          defaultMethod: ref.defaultMethod,
          range: ref.range,
          band: p.band,
        };
      };
      const features = fitted.features.map((f, i) =>
        profile(f, featureKey(f.type, f.name), summaries.features[i]!),
      );
      const prediction = fitted.prediction
        ? profile(fitted.prediction, predictionKey(fitted.prediction.type), summaries.prediction)
        : null;
      const score = fitted.score ? profile(fitted.score, SCORE_KEY, summaries.score) : null;
      return {
        rows: raw.events,
        labelled: raw.pairs,
        profiles: { features, prediction, score, rejected: raw.rejected, multivariate: fitted.multivariate },
        summaries: stored,
        cbpe,
        performance: realizedOf(raw.performance, rawBackend.present(raw.prediction)),
      };
    },
  };
}
