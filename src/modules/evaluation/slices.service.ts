import type { Pool } from '../../lib/db.js';
import { OTHER_SEGMENT_VALUE } from '../../domain/model-spec.js';
import { evaluateFromSummaries, referenceFromSummaries } from '../../stats/evaluation/summary-backend.js';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import type { ModelService } from '../models/models.service.js';
import { segmentRanks } from '../tiles/segment-values.js';
import { segmentSlice, versionSlice } from '../tiles/slices.js';
import type { EvaluationService } from './evaluation.service.js';
import type { ModelStatus, StoredEvaluation } from './evaluation.schemas.js';
import { rangeOf } from './read-range.js';
import { declaredKey } from './slice-query.js';
import type { SegmentsQuery, VersionsCompareQuery } from './slices.schemas.js';
import type { WindowSource } from './window-source.js';

/** Worst first: a slice that is degraded outranks one that drifts, and so on; healthy last. */
const SEVERITY: readonly ModelStatus[] = [
  'degraded',
  'drifting',
  'silent',
  'insufficient_data',
  'unknown',
  'healthy',
];

export interface SliceReadsDeps {
  pool: Pool;
  models: Pick<ModelService, 'get'>;
  evaluations: Pick<EvaluationService, 'evaluate'>;
  source: WindowSource;
}

type Drift = Evaluation['features'][number];

/** How far a verdict is past its threshold (1 at it): comparable across distances and tests. */
export function driftStrength(d: Drift): number | null {
  if (d.status !== 'ok' || d.statistic === null) return null;
  if (d.pValue !== null) return d.pValue <= 0 ? Infinity : Math.log(d.pValue) / Math.log(d.threshold);
  return d.threshold > 0 ? d.statistic / d.threshold : null;
}

function strongestDrift(e: Evaluation | null) {
  if (!e) return null;
  const all = [
    ...e.features.map((d) => ({ of: 'feature' as const, d })),
    ...(e.prediction ? [{ of: 'prediction' as const, d: e.prediction }] : []),
    ...(e.score ? [{ of: 'score' as const, d: e.score }] : []),
  ];
  let best: { of: 'feature' | 'prediction' | 'score'; d: Drift; strength: number } | null = null;
  for (const { of, d } of all) {
    const strength = driftStrength(d);
    if (strength !== null && (best === null || strength > best.strength)) best = { of, d, strength };
  }
  if (!best) return null;
  const { of, d, strength } = best;
  return {
    of,
    name: d.name,
    method: d.method,
    statistic: d.statistic,
    drifted: d.drifted,
    // JSON has no Infinity: a p-value of 0 reads as the largest finite strength.
    strength: Number.isFinite(strength) ? strength : Number.MAX_VALUE,
  };
}

function missingShare(e: Evaluation | null): number | null {
  if (!e) return null;
  let missing = 0;
  let values = 0;
  for (const f of e.quality.features) {
    missing += f.missing;
    values += f.rows;
  }
  return values === 0 ? null : missing / values;
}

/**
 * Reads across slices (src/modules/tiles/README.md "Slices"): a segment key's values side by side,
 * worst first, and two model versions compared. Everything is evaluated on demand from the tiles.
 */
export function createSliceReads({ pool, models, evaluations, source }: SliceReadsDeps) {
  return {
    async segments(modelId: string, query: SegmentsQuery) {
      const model = await models.get(modelId, { includeArchived: false });
      const key = declaredKey(model.spec, query.key, '/key');
      const { from, to } = rangeOf(query);
      const cap = model.spec.segments!.find((s) => s.key === key)!.maxValues;
      const ranked = [...((await segmentRanks(pool, modelId)).get(key) ?? new Map<string, number>())];
      const values = [
        ...ranked
          .filter(([, rank]) => rank <= cap)
          .map(([v]) => v)
          .sort(),
        OTHER_SEGMENT_VALUE,
      ];
      const results = await Promise.all(
        values.map(async (value) => ({
          value,
          e: await evaluations.evaluate(model, null, from, to, segmentSlice(key, value)),
        })),
      );
      const items = results
        .filter(({ e }) => e.window.events > 0)
        .map(({ value, e }) => segmentResult(value, e))
        .sort(
          (a, b) =>
            SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status) ||
            (b.strongestDrift?.strength ?? -1) - (a.strongestDrift?.strength ?? -1) ||
            b.events - a.events,
        );
      const quiet = results.filter(({ e }) => e.window.events === 0).map(({ value }) => value);
      const first = results[0]!.e;
      return {
        modelId,
        key,
        from: first.window.from,
        to: first.window.to,
        reference: first.reference,
        items,
        quiet: quiet.filter((v) => v !== OTHER_SEGMENT_VALUE),
      };
    },

    /**
     * The candidate version's window against the baseline's, as drift against a reference (the
     * baseline's window fixed as one, without CBPE's calibration, which needs raw scores); the
     * performance of each from its own labelled pairs, and CBPE against the model's reference.
     */
    async compareVersions(modelId: string, query: VersionsCompareQuery) {
      const model = await models.get(modelId, { includeArchived: false });
      const { from, to } = rangeOf(query);
      const spec = model.spec;
      const [baseline, candidate] = await Promise.all(
        [query.baseline, query.candidate].map((v) => source.load(spec, modelId, from, to, versionSlice(v))),
      );
      const reference = referenceFromSummaries(spec, baseline!.columns, null);
      const drift = evaluateFromSummaries(spec, reference, candidate!.columns);
      const baselineSelf = evaluateFromSummaries(spec, reference, baseline!.columns);
      const [baselineStored, candidateStored] = await Promise.all(
        [query.baseline, query.candidate].map((v) =>
          evaluations.evaluate(model, null, from, to, versionSlice(v)),
        ),
      );
      const side = (version: string, self: Evaluation, stored: StoredEvaluation) => ({
        version,
        events: stored.window.events,
        realized: self.performance?.realized ?? null,
        estimated: stored.evaluation?.performance?.estimated ?? null,
      });
      return {
        modelId,
        from: baseline!.from.toISOString(),
        to: baseline!.to.toISOString(),
        baseline: side(query.baseline, baselineSelf, baselineStored!),
        candidate: side(query.candidate, drift, candidateStored!),
        drift: {
          datasetDrift: drift.datasetDrift,
          features: drift.features,
          prediction: drift.prediction,
          score: drift.score,
        },
      };
    },
  };
}

function segmentResult(value: string, e: StoredEvaluation) {
  return {
    value,
    events: e.window.events,
    status: e.status,
    statusReason: e.statusReason,
    datasetDrift: e.evaluation?.datasetDrift ?? null,
    strongestDrift: strongestDrift(e.evaluation),
    headline: e.headline,
    realized: e.evaluation?.performance?.realized ?? null,
    estimated: e.evaluation?.performance?.estimated ?? null,
    volume: e.volume,
    missingShare: missingShare(e.evaluation),
    incomplete: e.incomplete ?? null,
  };
}

export type SliceReads = ReturnType<typeof createSliceReads>;
