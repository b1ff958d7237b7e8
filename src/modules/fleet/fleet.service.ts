import type { Pool } from '../../lib/db.js';
import { MODEL_STATUSES, type ModelStatus, type StoredEvaluation } from '../evaluation/evaluation.schemas.js';
import type { EvaluationStore } from '../evaluation/evaluation.store.js';
import { pageInMemory } from '../../lib/cursor.js';
import type { Fleet, FleetModel, FleetQuery } from './fleet.schemas.js';
import type { FleetModelRow, FleetSignalsRow, FleetStore } from './fleet.store.js';
import { functioning } from './functioning.js';
import { headlineValue } from './headline-value.js';
import { createIncidentsStore, type IncidentsStore } from './incidents.store.js';
import { createResponseReport } from './response.service.js';

export interface FleetServiceDeps {
  pool: Pool;
  store: FleetStore;
  evaluations: Pick<EvaluationStore, 'latestOfEach' | 'lastJudgedOfEach'>;
  statusWindow: string;
  incidents?: IncidentsStore;
  now?: () => Date;
}

const WEEK_MS = 7 * 86_400_000;

type LastJudged = { status: ModelStatus; evaluatedAt: string };

function entry(
  model: FleetModelRow,
  latest: StoredEvaluation | undefined,
  judged: LastJudged | undefined,
  signals: FleetSignalsRow | undefined,
  at: Date,
): FleetModel {
  const unjudged = latest?.status === 'insufficient_data';
  const status = latest?.status ?? 'unknown';
  return {
    ...model,
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
    labelCoverage: latest?.evaluation?.performance?.realized?.coverage ?? null,
    functioning: functioning(
      { status, criticalFiring: 0, silenced: false, validationNextDue: null, ...signals },
      at.toISOString().slice(0, 10),
    ),
  };
}

const toFleetPage = ({ items, nextCursor }: { items: FleetModel[]; nextCursor: string | null }) => ({
  models: items,
  nextCursor,
});

export function createFleetService(deps: FleetServiceDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /** Detection and response KPIs over a period (response.service.ts). */
    response: createResponseReport({ db: deps.pool, store: deps.incidents ?? createIncidentsStore(), now }),

    /**
     * One page of the models the caller may see, with their status from the status window, and the
     * fleet's KPIs over all of them (which need every model's status, so the page is cut here).
     */
    async overview(visibleIds: readonly string[] | null, query: FleetQuery = { limit: 100 }): Promise<Fleet> {
      const at = now();
      const models = await deps.store.models(deps.pool, visibleIds);
      const ids = models.map((m) => m.id);
      const [latest, withOutcomes, signals] = await Promise.all([
        deps.evaluations.latestOfEach(deps.pool, [deps.statusWindow], ids),
        deps.store.withOutcomesSince(deps.pool, ids, new Date(at.getTime() - WEEK_MS)),
        deps.store.signals(deps.pool, ids, at),
      ]);
      const signalsOf = new Map(signals.map((s) => [s.id, s]));
      const byModel = new Map(latest.map((e) => [e.modelId, e]));
      const unjudged = latest.filter((e) => e.status === 'insufficient_data').map((e) => e.modelId);
      const judged = new Map(
        unjudged.length === 0
          ? []
          : (await deps.evaluations.lastJudgedOfEach(deps.pool, deps.statusWindow, unjudged)).map((j) => [
              j.modelId,
              j,
            ]),
      );
      const entries = models.map((m) =>
        entry(m, byModel.get(m.id), judged.get(m.id), signalsOf.get(m.id), at),
      );
      const functioningCount = { yes: 0, no: 0, unknown: 0 };
      for (const e of entries) functioningCount[e.functioning.state]++;
      const byStatus = Object.fromEntries(MODEL_STATUSES.map((s) => [s, 0])) as Record<ModelStatus, number>;
      for (const e of entries) byStatus[e.status]++;
      const share = (n: number) => (entries.length === 0 ? null : n / entries.length);
      return {
        generatedAt: at.toISOString(),
        statusWindow: deps.statusWindow,
        kpis: {
          models: entries.length,
          healthyShare: share(byStatus.healthy),
          withOutcomesLast7DaysShare: share(withOutcomes.size),
          silent: byStatus.silent,
          functioning: functioningCount,
          byStatus,
        },
        ...toFleetPage(pageInMemory(entries, query, (e) => e.id)),
      };
    },
  };
}

export type FleetService = ReturnType<typeof createFleetService>;
