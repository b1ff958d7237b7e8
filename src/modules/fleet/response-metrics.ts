import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { one, registerKpiGauges, type KpiGauge } from './kpi-gauges.js';
import type { ResponseKpis } from './response.schemas.js';

const GAUGES: Record<string, KpiGauge<ResponseKpis>> = {
  modelwatch_fleet_incidents: {
    help: 'Alert episodes that fired over the last 30 days, every model (docs/kpis.md).',
    samples: (k) => one(k.incidents),
  },
  modelwatch_fleet_mttd_seconds: {
    help: 'Mean time to detect over the last 30 days: drift onset (or first breach) to firing.',
    samples: (k) => one(k.mttdSeconds),
  },
  modelwatch_fleet_mtta_seconds: {
    help: "Mean time to acknowledge over the last 30 days' acknowledged incidents.",
    samples: (k) => one(k.mttaSeconds),
  },
  modelwatch_fleet_mttr_seconds: {
    help: "Mean time to resolve over the last 30 days' resolved incidents.",
    samples: (k) => one(k.mttrSeconds),
  },
};

const NONE: ResponseKpis = {
  incidents: 0,
  acknowledged: 0,
  resolved: 0,
  mttdSeconds: null,
  mttaSeconds: null,
  mttrSeconds: null,
};

/** The fleet's detection and response KPIs as gauges, refreshed at most every `refreshMs`. */
export function registerResponseMetrics(deps: {
  registry: Registry;
  kpis: () => Promise<ResponseKpis>;
  refreshMs: number;
  log: Logger;
}): void {
  registerKpiGauges({ ...deps, load: deps.kpis, initial: NONE, gauges: GAUGES, what: 'response KPIs' });
}
