import type { Queryable } from '../../lib/db.js';
import { resolvePeriod } from '../../lib/period.js';
import type { IncidentsStore } from './incidents.store.js';
import { incidentOf, responseKpis, responseKpisByModel } from './response-kpis.js';
import { MAX_LISTED_INCIDENTS, type ResponseReport } from './response.schemas.js';

export interface ResponsePeriod {
  from?: string | undefined;
  to?: string | undefined;
  model?: string | undefined;
}

/**
 * Detection and response KPIs of the models a key may see (docs/kpis.md), over the incidents that
 * fired in [from, to). A model the key may not see reads as one without incidents.
 */
export function createResponseReport(deps: { db: Queryable; store: IncidentsStore; now: () => Date }) {
  return async (
    visibleIds: readonly string[] | null,
    period: ResponsePeriod = {},
  ): Promise<ResponseReport> => {
    // Its incidents are read and averaged in memory: at most 366 days (lib/period.ts).
    const { from, to } = resolvePeriod(period, deps.now());
    const wanted = period.model === undefined ? null : [period.model];
    const modelIds =
      wanted === null
        ? visibleIds
        : visibleIds === null
          ? wanted
          : wanted.filter((id) => visibleIds.includes(id));
    const incidents = (await deps.store.fired(deps.db, { from, to, modelIds })).map(incidentOf);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      fleet: responseKpis(incidents),
      models: responseKpisByModel(incidents),
      incidents: incidents.slice(0, MAX_LISTED_INCIDENTS),
    };
  };
}
