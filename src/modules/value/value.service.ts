import type { Pool } from '../../lib/db.js';
import { windowSeconds } from '../../lib/windows.js';
import { modelSpecSchema } from '../../domain/model-spec.js';
import { EVENTS_KEY, VALUE_KEY, performanceKey } from '../../stats/core/summary-codec.js';
import type { TilesService } from '../tiles/index.js';
import { judgeObjective } from './objective-judge.js';
import type { StoredObjectiveResult, ValueStore } from './value.store.js';

export interface ValueServiceDeps {
  pool: Pool;
  store: ValueStore;
  tiles: Pick<TilesService, 'loadWindow'>;
  /** Told of a model whose judgement failed; the others go on. */
  onFailed: (modelId: string, err: unknown) => void;
  now?: () => Date;
}

/**
 * Value objectives (docs/kpis.md#value), judged by the worker every OBJECTIVE_INTERVAL_SECONDS:
 * each model's objective window is read from tiles, labelled pairs and values only, and the
 * latest judgement kept per model for the fleet's KPIs.
 */
export function createValueService(deps: ValueServiceDeps) {
  const now = deps.now ?? (() => new Date());

  async function judge(
    model: { id: string; spec: unknown },
    at: Date,
  ): Promise<StoredObjectiveResult | null> {
    const spec = modelSpecSchema.parse(model.spec);
    const objective = spec.valueObjective;
    if (!objective) return null;
    const from = new Date(at.getTime() - windowSeconds(objective.window)! * 1000);
    const { traffic, read } = await deps.tiles.loadWindow(model.id, from, at, {
      keys: [EVENTS_KEY, VALUE_KEY, performanceKey(spec.task)],
    });
    const result = {
      modelId: model.id,
      objective,
      from: read.from.toISOString(),
      to: read.to.toISOString(),
      evaluatedAt: at.toISOString(),
      ...judgeObjective(objective, traffic),
    };
    await deps.store.save(deps.pool, result);
    return result;
  }

  return {
    latest: (modelIds: readonly string[]) => deps.store.latest(deps.pool, modelIds),

    /** Judges every model's objective now; `failed` names the models whose judgement threw. */
    async judgeAll(): Promise<{ judged: number; failed: string[] }> {
      const at = now();
      const failed: string[] = [];
      let judged = 0;
      for (const model of await deps.store.objectiveModels(deps.pool)) {
        try {
          if (await judge(model, at)) judged++;
        } catch (err) {
          failed.push(model.id);
          deps.onFailed(model.id, err);
        }
      }
      return { judged, failed };
    },
  };
}

export type ValueService = ReturnType<typeof createValueService>;
