import type { Pool } from '../../lib/db.js';
import { pageInMemory } from '../../domain/paging.js';
import { MODEL_STATUSES, type ModelStatus } from '../evaluation/index.js';
import type { ValueObjective } from '../../domain/value-objective.js';
import {
  evidenceWindowMs,
  readFleetInputs,
  WEEK_MS,
  type FleetInputDeps,
  type FleetInputs,
} from './fleet.inputs.js';
import type { Fleet, FleetModel, FleetQuery } from './fleet.schemas.js';
import type { FleetModelRow, FleetStore } from './fleet.store.js';
import { functioning } from './functioning.js';
import { headlineValue } from './headline-value.js';
import { createIncidentsStore, type IncidentsStore } from './incidents.store.js';
import { completeness } from './inventory-completeness.js';
import { createResponseReport } from './response.service.js';
import { objectiveStatus, valueKpis, type ValueEntry } from './value-kpis.js';

export interface FleetServiceDeps extends FleetInputDeps {
  pool: Pool;
  store: FleetStore;
  incidents?: IncidentsStore;
  now?: () => Date;
}

function entry(model: FleetModelRow, inputs: FleetInputs, at: Date): FleetModel {
  const latest = inputs.latest.get(model.id);
  const judged = inputs.judged.get(model.id);
  const unjudged = latest?.status === 'insufficient_data';
  const status = latest?.status ?? 'unknown';
  const objective = model.inventory.valueObjective as ValueObjective | undefined;
  return {
    id: model.id,
    name: model.name,
    task: model.task,
    owner: model.owner,
    lifecycle: model.lifecycle,
    status,
    statusReason: latest?.statusReason ?? 'not evaluated yet',
    evaluatedAt: latest?.evaluatedAt ?? null,
    lastJudged:
      unjudged && judged
        ? { ...judged, ageSeconds: Math.max(0, (at.getTime() - Date.parse(judged.evaluatedAt)) / 1000) }
        : null,
    lastEventAt: latest?.lastEventAt ?? null,
    driftedFeatures: latest?.evaluation?.datasetDrift.driftedFeatures ?? null,
    headline: latest
      ? headlineValue(latest.headline, latest.evaluation?.performance?.realized?.labelled ?? 0)
      : null,
    performance: latest?.headline
      ? {
          metric: latest.headline.metric,
          realized: latest.headline.realized,
          estimated: latest.headline.estimated,
        }
      : null,
    worstSegments: inputs.worstSegments.get(model.id) ?? [],
    volume: latest?.volume ?? null,
    labelCoverage: latest?.evaluation?.performance?.realized?.coverage ?? null,
    functioning: functioning(
      {
        status,
        criticalFiring: 0,
        silenced: false,
        validationNextDue: null,
        ...inputs.signals.get(model.id),
      },
      at.toISOString().slice(0, 10),
    ),
    objective: objective ? objectiveStatus(objective, inputs.objectives.get(model.id)) : null,
    value: inputs.values.get(model.id) ?? {},
    inventoryCompleteness: completeness(model.inventory),
    liveVersions: inputs.liveVersions.get(model.id) ?? [],
  };
}

/** What the value KPIs read of an entry (value-kpis.ts). */
function valueEntry(model: FleetModelRow, e: FleetModel, inputs: FleetInputs, at: Date): ValueEntry {
  const ms = evidenceWindowMs(model);
  const evaluatedAt = e.evaluatedAt === null ? -Infinity : Date.parse(e.evaluatedAt);
  const nextDue = inputs.signals.get(e.id)?.validationNextDue ?? null;
  return {
    lifecycle: e.lifecycle,
    objective: e.objective,
    value: e.value,
    completeness: e.inventoryCompleteness.share,
    validationOverdue:
      nextDue !== null && nextDue < at.toISOString().slice(0, 10) && e.lifecycle !== 'retired',
    freshEvidence: evaluatedAt >= at.getTime() - ms && inputs.labelledWithin.get(ms)!.has(e.id),
  };
}

export function createFleetService(deps: FleetServiceDeps) {
  const now = deps.now ?? (() => new Date());

  /** Every model the caller may see, with the fleet's KPIs over all of them. */
  async function snapshot(
    visibleIds: readonly string[] | null,
  ): Promise<Omit<Fleet, 'models' | 'nextCursor'> & { entries: FleetModel[] }> {
    const at = now();
    const models = await deps.store.models(deps.pool, visibleIds);
    const inputs = await readFleetInputs(deps, models, at);
    const entries = models.map((m) => entry(m, inputs, at));
    const functioningCount = { yes: 0, no: 0, unknown: 0 };
    for (const e of entries) functioningCount[e.functioning.state]++;
    const byStatus = Object.fromEntries(MODEL_STATUSES.map((s) => [s, 0])) as Record<ModelStatus, number>;
    for (const e of entries) byStatus[e.status]++;
    const share = (n: number) => (entries.length === 0 ? null : n / entries.length);
    return {
      generatedAt: at.toISOString(),
      statusWindow: deps.statusWindow,
      windows: [...deps.windows],
      kpis: {
        models: entries.length,
        healthyShare: share(byStatus.healthy),
        withOutcomesLast7DaysShare: share(inputs.labelledWithin.get(WEEK_MS)!.size),
        silent: byStatus.silent,
        functioning: functioningCount,
        value: valueKpis(
          entries.map((e, i) => valueEntry(models[i]!, e, inputs, at)),
          deps.windows,
        ),
        byStatus,
      },
      entries,
    };
  }

  return {
    /** Detection and response KPIs over a period (response.service.ts). */
    response: createResponseReport({ db: deps.pool, store: deps.incidents ?? createIncidentsStore(), now }),

    snapshot,

    /**
     * One page of the models the caller may see, with their status from the status window, and the
     * fleet's KPIs over all of them (which need every model's status, so the page is cut here).
     */
    async overview(visibleIds: readonly string[] | null, query: FleetQuery = { limit: 100 }): Promise<Fleet> {
      const { entries, ...fleet } = await snapshot(visibleIds);
      const { items, nextCursor } = pageInMemory(entries, query, (e) => e.id);
      return { ...fleet, models: items, nextCursor };
    },
  };
}

export type FleetService = ReturnType<typeof createFleetService>;
