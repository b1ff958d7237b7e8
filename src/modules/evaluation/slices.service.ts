import pMap from 'p-map';
import type { Pool } from '../../lib/db.js';
import { OTHER_SEGMENT_VALUE } from '../../domain/model-spec.js';
import { evaluateFromSummaries, referenceFromSummaries } from '../../stats/evaluation/summary-backend.js';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import type { ModelService } from '../models/index.js';
import { parseSlice, versionSlice, MAX_VERSION_SLICES } from '../tiles/index.js';
import { ValidationError } from '../../lib/errors.js';
import { segmentSlices } from './slice-evaluations.js';
import type { EvaluationService } from './evaluation.service.js';
import type { ModelStatus, StoredEvaluation } from './evaluation.schemas.js';
import { rangeOf } from './read-range.js';
import { declaredKey } from './slice-query.js';
import type { SegmentsQuery, VersionsCompareQuery } from './slices.schemas.js';
import type { WindowSource } from './window-source.js';
import type { SliceEvaluationStore } from './slice-evaluations.store.js';
import type { WindowLength } from '../../lib/windows.js';

/** Worst first: a slice that is degraded outranks one that drifts, and so on; healthy last. */
export const SEVERITY: readonly ModelStatus[] = [
  'degraded',
  'drifting',
  'silent',
  'insufficient_data',
  'unknown',
  'healthy',
];

/** Segment values a listing reads at the same time. */
const SEGMENT_READS_AT_ONCE = 4;

export interface SliceReadsDeps {
  pool: Pool;
  sliceStore: Pick<SliceEvaluationStore, 'latest'>;
  /** A configured window by name, the status window by default (read-range.ts windowNamed). */
  windowNamed: (name: string | undefined) => WindowLength;
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
 * worst first (on demand, or their stored evaluations of a window), and two model versions
 * compared on demand.
 */
export function createSliceReads({
  pool,
  sliceStore,
  windowNamed,
  models,
  evaluations,
  source,
}: SliceReadsDeps) {
  return {
    async segments(modelId: string, query: SegmentsQuery) {
      const model = await models.get(modelId, { includeArchived: false });
      const key = declaredKey(model.spec, query.key, '/key');
      const onDemand = query.from !== undefined || query.to !== undefined;
      const range = onDemand ? rangeOf(query) : null;
      const window = onDemand ? null : windowNamed(query.window);
      // Up to 101 values: a few at a time, so one listing cannot hold the whole pool (other models' reads wait for it).
      const results = await pMap(
        await segmentSlices(pool, model, key),
        async (slice) => ({
          value: (parseSlice(slice) as { value: string }).value,
          e: range
            ? await evaluations.evaluate(model, null, range.from, range.to, slice)
            : await sliceStore.latest(pool, modelId, window!.name, slice),
        }),
        { concurrency: SEGMENT_READS_AT_ONCE },
      );
      const seen = results.filter(
        (r): r is { value: string; e: StoredEvaluation } => (r.e?.window.events ?? 0) > 0,
      );
      const items = seen
        .map(({ value, e }) => segmentResult(value, e))
        .sort(
          (a, b) =>
            SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status) ||
            (b.strongestDrift?.strength ?? -1) - (a.strongestDrift?.strength ?? -1) ||
            b.events - a.events,
        );
      const counted = new Set(seen.map(({ value }) => value));
      const quiet = results.filter(({ value }) => !counted.has(value)).map(({ value }) => value);
      // Stored evaluations of the values may end at different times (a value quiet in the newest
      // window keeps its older row): each item is its value's latest; the head is the newest.
      const newest = seen.map(({ e }) => e).sort((a, b) => (a.window.to < b.window.to ? 1 : -1))[0];
      return {
        modelId,
        key,
        window: window?.name ?? null,
        from: range?.from.toISOString() ?? newest?.window.from ?? null,
        to: range?.to.toISOString() ?? newest?.window.to ?? null,
        reference: newest?.reference ?? null,
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
      noEventsOf('baseline', query.baseline, baseline!.traffic.events);
      noEventsOf('candidate', query.candidate, candidate!.traffic.events);
      const reference = referenceFromSummaries(spec, baseline!.traffic, null);
      const drift = evaluateFromSummaries(spec, reference, candidate!.traffic);
      const baselineSelf = evaluateFromSummaries(spec, reference, baseline!.traffic);
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
        from: baseline!.read.from.toISOString(),
        to: baseline!.read.to.toISOString(),
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

/**
 * A version with no events folded apart in the range cannot be compared: it was not seen there, or
 * it was not among the versions kept apart (MAX_VERSION_SLICES) when its events were folded. A 400
 * naming the parameter, rather than drift against an empty window.
 */
function noEventsOf(side: 'baseline' | 'candidate', version: string, events: number): void {
  if (events > 0) return;
  throw new ValidationError(`The ${side} version "${version}" has no events in the range.`, [
    {
      pointer: `/${side}`,
      message:
        `names version "${version}", which has no events folded apart in the range: it was not ` +
        `seen there, or was not among the ${MAX_VERSION_SLICES} versions kept apart when it was`,
      location: 'querystring',
    },
  ]);
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
