import type { Queryable } from '../../lib/db.js';
import { ValidationError } from '../../lib/errors.js';
import type { IncidentsStore } from './incidents.store.js';
import { incidentOf, responseKpis, responseKpisByModel } from './response-kpis.js';
import { MAX_LISTED_INCIDENTS, type ResponseReport } from './response.schemas.js';

export const DEFAULT_PERIOD_MS = 30 * 86_400_000;
/** The longest period one request reads: its incidents are read and averaged in memory. */
export const MAX_PERIOD_MS = 366 * 86_400_000;

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
    const to = period.to ? new Date(period.to) : deps.now();
    const from = period.from ? new Date(period.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
    if (to.getTime() - from.getTime() > MAX_PERIOD_MS) {
      throw new ValidationError('The period is longer than 366 days; ask for it a year at a time.', [
        { pointer: '/from', message: 'at most 366 days before to', location: 'querystring' },
      ]);
    }
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
