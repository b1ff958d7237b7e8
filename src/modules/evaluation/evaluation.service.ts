import type { Pool } from '../../lib/db.js';
import { decodeCursor, encodeCursor } from '../../domain/paging.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { WindowLength } from '../../lib/windows.js';
import { DEFAULT_ALARM_BUDGET, effectiveAlpha } from '../../stats/drift/budget.js';
import { verdictsPerEvaluation } from '../../stats/evaluation/evaluate.js';
import { evaluateFromSummaries } from '../../stats/evaluation/summary-backend.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { StoredModel, ModelService } from '../models/index.js';
import { referenceForSpec, type ReferenceLoader } from '../references/index.js';
import type { EvaluationPoint, ListQuery, ReadQuery, StoredEvaluation } from './evaluation.schemas.js';
import type { EvaluationHead, EvaluationStore } from './evaluation.store.js';
import { incompleteness } from './incomplete.js';
import { sliceOf } from './slice-query.js';
import { parseSlice } from '../tiles/index.js';
import { evaluatedEverySeconds } from '../../lib/windows.js';
import { evaluateSlices } from './slice-evaluations.js';
import type { SliceEvaluationStore } from './slice-evaluations.store.js';
import { rangeOf, windowNamed as windowOf } from './read-range.js';
import { headline, modelStatus } from './model-status.js';
import { referenceRate, volume } from './volume.js';
import type { WindowSource } from './window-source.js';
import type { ValueSum } from '../../stats/summaries/value-sum.js';

const DAY_MS = 86_400_000;
/** "Traffic was expected" looks this far back before a window (model-status.ts). */
const RECENT_TRAFFIC_MS = DAY_MS;

export interface EvaluationServiceDeps {
  pool: Pool;
  store: EvaluationStore;
  references: Pick<ReferenceLoader, 'current'>;
  models: Pick<ModelService, 'get'>;
  source: WindowSource;
  windows: readonly WindowLength[];
  statusWindow: string;
  performanceDrop: number;
  /** False drift alerts accepted per model per 30 days (ALARM_BUDGET). */
  alarmBudget?: number;
  /** How often each window is evaluated (EVALUATION_INTERVAL_SECONDS). */
  intervalSeconds?: number;
  /** Windows evaluated less often (EVALUATION_WINDOW_INTERVALS): name → seconds. */
  windowIntervals?: Readonly<Record<string, number>>;
  now?: () => Date;
  /** Where the evaluations of segment values go (slice-evaluations.ts); none: not evaluated. */
  sliceStore?: SliceEvaluationStore;
}

/** A stored evaluation with a reference, for the routes that need one. */
export type ComparedEvaluation = StoredEvaluation & {
  reference: NonNullable<StoredEvaluation['reference']>;
  evaluation: NonNullable<StoredEvaluation['evaluation']>;
  headline: NonNullable<StoredEvaluation['headline']>;
};

export function createEvaluationService(deps: EvaluationServiceDeps) {
  const { pool, store, source } = deps;
  const now = deps.now ?? (() => new Date());

  /** The level of each drift verdict of a model with this spec under the service's budget. */
  function alphaFor(spec: ModelSpec): number {
    const cadence = { intervalSeconds: deps.intervalSeconds ?? 60, windowIntervals: deps.windowIntervals };
    const schedules = deps.windows.map((w) => ({
      windowSeconds: w.seconds,
      everySeconds: evaluatedEverySeconds(cadence, w.name),
    }));
    return effectiveAlpha(deps.alarmBudget ?? DEFAULT_ALARM_BUDGET, verdictsPerEvaluation(spec), schedules);
  }

  const windowNamed = (name: string | undefined) => windowOf(deps.windows, name, deps.statusWindow);

  /**
   * Evaluates [from, to) of a model against its current reference. Nothing is stored. `slice`
   * evaluates one slice (src/modules/tiles/README.md "Slices"): its window, volume and values;
   * the model's last event and recent traffic (silent or not) stay the model's.
   */
  async function evaluate(
    model: StoredModel,
    name: string | null,
    from: Date,
    to: Date,
    slice = '',
  ): Promise<StoredEvaluation> {
    const evaluatedAt = now();
    // A version's slice is judged against the version's own reference when it has one.
    const sliced = parseSlice(slice);
    const loaded = await deps.references.current(
      model.id,
      sliced.kind === 'version' ? sliced.version : undefined,
    );
    const fitted = loaded ? referenceForSpec(loaded, model.spec) : null;
    let evaluation = null;
    let events: number;
    let range = { from, to };
    let incomplete = null;
    let value: ValueSum;
    if (fitted) {
      const { traffic, read } = await source.load(fitted.spec, model.id, from, to, slice);
      evaluation = evaluateFromSummaries(fitted.spec, fitted.reference, traffic, {
        alpha: alphaFor(fitted.spec),
      });
      events = traffic.events;
      range = { from: read.from, to: read.to };
      incomplete = incompleteness([...read.incomplete, ...loaded!.quarantined]);
      value = traffic.value;
    } else {
      [events, value] = await Promise.all([
        source.countEvents(model.id, from, to, slice),
        source.outcomeValue(model.id, from, to, slice),
      ]);
    }
    const seconds = (range.to.getTime() - range.from.getTime()) / 1000;
    const weekAgo = (d: Date) => new Date(d.getTime() - 7 * DAY_MS);
    const [previousWeek, lastEventAt, hadRecentTraffic] = await Promise.all([
      source.countEvents(model.id, weekAgo(range.from), weekAgo(range.to), slice),
      store.lastEventAt(pool, model.id),
      events === 0
        ? store.hasEvents(pool, model.id, new Date(range.from.getTime() - RECENT_TRAFFIC_MS), range.from)
        : Promise.resolve(false),
    ]);
    // The reference's rate is the whole model's: a slice's volume is judged by its previous week only.
    const rate = loaded && slice === '' ? referenceRate(loaded.stored.rows, loaded.stored.range) : null;
    const judged = fitted ? headline(model.spec.task, evaluation, loaded!.stored.performance) : null;
    const { status, reason } = modelStatus(
      {
        task: model.spec.task,
        hasReference: fitted !== null,
        events,
        hadRecentTraffic,
        evaluation,
        baseline: loaded?.stored.performance ?? null,
        performanceDrop: deps.performanceDrop,
      },
      judged,
    );
    return {
      modelId: model.id,
      window: { name, from: range.from.toISOString(), to: range.to.toISOString(), events },
      evaluatedAt: evaluatedAt.toISOString(),
      reference: fitted ? { id: loaded!.stored.id, version: loaded!.stored.version } : null,
      status,
      statusReason: reason,
      lastEventAt: lastEventAt?.toISOString() ?? null,
      volume: volume({ events, previousWeek, referenceRate: rate, windowSeconds: seconds }),
      headline: judged,
      baseline: fitted ? loaded!.stored.performance : null,
      evaluation,
      incomplete,
      outcomeValue: { count: value.count, sum: value.sum },
    };
  }

  function compared(e: StoredEvaluation): ComparedEvaluation {
    if (e.reference === null || e.evaluation === null || e.headline === null) {
      throw new ConflictError(
        `Model "${e.modelId}" has no reference to compare with: PUT /v1/models/${e.modelId}/reference first.`,
      );
    }
    return e as ComparedEvaluation;
  }

  return {
    windows: deps.windows,
    statusWindow: deps.statusWindow,

    /** The scheduled evaluation of one window ending at `end`, stored (upserted) and returned. */
    async evaluateWindow(modelId: string, windowName: string, end: Date): Promise<StoredEvaluation | null> {
      const window = deps.windows.find((w) => w.name === windowName);
      const model = await deps.models.get(modelId, { includeArchived: true }).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (!window || !model || model.archivedAt) return null;
      const start = new Date(end.getTime() - window.seconds * 1000);
      const result = await evaluate(model, window.name, start, end);
      await store.upsert(pool, result);
      if (deps.sliceStore)
        await evaluateSlices({ pool, store: deps.sliceStore, evaluate }, model, window.name, start, end);
      return result;
    },

    evaluate,
    compared,

    /**
     * `?window=` (the latest stored evaluation) or `?from=&to=` (evaluated now, not stored), of the
     * overall traffic or of the slice `?segment=`/`?version=` names.
     */
    async read(modelId: string, query: ReadQuery): Promise<ComparedEvaluation & { slice: string }> {
      const model = await deps.models.get(modelId, { includeArchived: false });
      const slice = sliceOf(model.spec, query);
      if (query.from !== undefined || query.to !== undefined) {
        const { from, to } = rangeOf(query);
        return { ...compared(await evaluate(model, null, from, to, slice)), slice };
      }
      const window = windowNamed(query.window);
      if (slice !== '') {
        const stored = deps.sliceStore
          ? await deps.sliceStore.latest(pool, modelId, window.name, slice)
          : null;
        if (!stored) throw new NotFoundError(noSliceEvaluation(modelId, window.name, query));
        return { ...compared(stored), slice };
      }
      const latest = await store.latest(pool, modelId, window.name);
      if (!latest) throw new NotFoundError(`Model "${modelId}" has no ${window.name} evaluation yet.`);
      return { ...compared(latest), slice };
    },

    async list(
      modelId: string,
      query: ListQuery,
    ): Promise<{ items: EvaluationPoint[]; nextCursor: string | null }> {
      await deps.models.get(modelId, { includeArchived: false });
      const window = windowNamed(query.window);
      const rows = await store.list(pool, {
        modelId,
        windowName: window.name,
        fromEnd: query.from === undefined ? null : new Date(query.from),
        toEnd: query.to === undefined ? null : new Date(query.to),
        beforeEnd: query.cursor === undefined ? null : cursorTime(query.cursor),
        limit: query.limit + 1,
      });
      const items = rows.slice(0, query.limit).map(point);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.window.to) : null };
    },
  };
}

function point(e: EvaluationHead): EvaluationPoint {
  return {
    window: e.window,
    evaluatedAt: e.evaluatedAt,
    referenceId: e.reference?.id ?? null,
    status: e.status,
    statusReason: e.statusReason,
    datasetDriftShare: e.driftShare,
    driftedFeatures: e.driftedFeatures,
    labelCoverage: e.labelCoverage,
    volume: e.volume,
    headline: e.headline,
    incomplete: e.incomplete ?? null,
    outcomeValue: e.outcomeValue ?? null,
  };
}

function cursorTime(cursor: string): Date {
  const at = new Date(decodeCursor(cursor, 'string'));
  if (Number.isNaN(at.getTime())) {
    throw new ValidationError('The cursor is not one this API returned.', [
      { pointer: '/cursor', message: 'is not a valid cursor', location: 'querystring' },
    ]);
  }
  return at;
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;

function noSliceEvaluation(modelId: string, window: string, query: { segment?: string; version?: string }) {
  if (query.version === undefined)
    return `Model "${modelId}" has no ${window} evaluation of ${query.segment} yet.`;
  return (
    `Model "${modelId}" has no ${window} evaluation of version "${query.version}": versions are ` +
    "evaluated apart while two or more are live in a window (else the whole model's result is the " +
    "version's); read it with from and to."
  );
}
