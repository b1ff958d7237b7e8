import type { Pool } from '../../lib/db.js';
import { windowSeconds } from '../../lib/windows.js';
import {
  SEVERITY,
  type EvaluationStore,
  type SliceEvaluationStore,
  type StoredEvaluation,
} from '../evaluation/index.js';
import type { ValueObjective } from '../../domain/value-objective.js';
import type { ValueService, StoredObjectiveResult } from '../value/index.js';
import type { FleetModel } from './fleet.schemas.js';
import type { FleetModelRow, FleetSignalsRow, FleetStore } from './fleet.store.js';
import { segmentLabel } from './segment-metrics.js';

export const WEEK_MS = 7 * 86_400_000;
/** Live versions listed per fleet entry, the most recently seen (GET /v1/models/{id}/versions has all). */
export const MAX_LIVE_VERSIONS = 10;
/** Segment values an entry names: enough to say where to look, the full list is /segments. */
export const WORST_SEGMENTS = 3;

export interface FleetInputDeps {
  pool: Pool;
  store: FleetStore;
  evaluations: Pick<EvaluationStore, 'latestOfEach' | 'lastJudgedOfEach' | 'latestValuesOfEach'>;
  objectives: Pick<ValueService, 'latest'>;
  segments: Pick<SliceEvaluationStore, 'worstOfEach'>;
  statusWindow: string;
  windows: readonly string[];
}

/** Everything the fleet's entries and KPIs read beside the models themselves, by model id. */
export interface FleetInputs {
  latest: Map<string, StoredEvaluation>;
  /** For models whose latest status is insufficient_data: the newest judged one. */
  judged: Map<string, { status: StoredEvaluation['status']; evaluatedAt: string }>;
  signals: Map<string, FleetSignalsRow>;
  objectives: Map<string, StoredObjectiveResult>;
  values: Map<string, FleetModel['value']>;
  /** Per model, its worst segment values that are not healthy (WORST_SEGMENTS at most). */
  worstSegments: Map<string, FleetModel['worstSegments']>;
  /** Models with outcomes received within each evidence window (ms), a week among them. */
  labelledWithin: Map<number, Set<string>>;
  /** The versions seen within the status window ending now. */
  liveVersions: Map<string, string[]>;
}

/** The window a model's evidence must be fresh within: its objective's, else 7 days. */
export function evidenceWindowMs(model: FleetModelRow): number {
  const objective = model.inventory.valueObjective as ValueObjective | undefined;
  return objective ? windowSeconds(objective.window)! * 1000 : WEEK_MS;
}

export async function readFleetInputs(
  deps: FleetInputDeps,
  models: readonly FleetModelRow[],
  at: Date,
): Promise<FleetInputs> {
  const ids = models.map((m) => m.id);
  const evidenceWindows = [...new Set([WEEK_MS, ...models.map(evidenceWindowMs)])];
  const liveSince = new Date(at.getTime() - windowSeconds(deps.statusWindow)! * 1000);
  const [latest, signals, objectives, values, worst, labelledWithin, liveVersions] = await Promise.all([
    deps.evaluations.latestOfEach(deps.pool, [deps.statusWindow], ids),
    deps.store.signals(deps.pool, ids, at),
    deps.objectives.latest(ids),
    deps.evaluations.latestValuesOfEach(deps.pool, deps.windows, ids),
    deps.segments.worstOfEach(deps.pool, {
      windowName: deps.statusWindow,
      severity: SEVERITY,
      modelIds: ids,
      perModel: WORST_SEGMENTS,
    }),
    Promise.all(
      evidenceWindows.map(async (ms) => {
        const since = new Date(at.getTime() - ms);
        return [ms, await deps.store.withOutcomesSince(deps.pool, ids, since)] as const;
      }),
    ),
    deps.store.liveVersions(deps.pool, ids, liveSince, MAX_LIVE_VERSIONS),
  ]);
  const unjudged = latest.filter((e) => e.status === 'insufficient_data').map((e) => e.modelId);
  const judged =
    unjudged.length === 0
      ? []
      : await deps.evaluations.lastJudgedOfEach(deps.pool, deps.statusWindow, unjudged);
  const valueOf = new Map<string, FleetModel['value']>();
  for (const v of values) {
    const of = valueOf.get(v.modelId) ?? {};
    of[v.window] = { count: v.count, sum: v.sum };
    valueOf.set(v.modelId, of);
  }
  const worstSegments = new Map<string, FleetModel['worstSegments']>();
  for (const w of worst) {
    const of = worstSegments.get(w.modelId) ?? [];
    of.push({ segment: segmentLabel(w.slice), status: w.status as FleetModel['status'] });
    worstSegments.set(w.modelId, of);
  }
  return {
    latest: new Map(latest.map((e) => [e.modelId, e])),
    worstSegments,
    judged: new Map(judged.map((j) => [j.modelId, j])),
    signals: new Map(signals.map((s) => [s.id, s])),
    objectives: new Map(objectives.map((o) => [o.modelId, o])),
    values: valueOf,
    labelledWithin: new Map(labelledWithin),
    liveVersions,
  };
}
