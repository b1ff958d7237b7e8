import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { cachedLoader } from '../../lib/cached-loader.js';
import type { ResponseKpis } from './response.schemas.js';

const GAUGES: Record<string, { help: string; value: (k: ResponseKpis) => number | null }> = {
  modelwatch_fleet_incidents: {
    help: 'Alert episodes that fired over the last 30 days, every model (docs/kpis.md).',
    value: (k) => k.incidents,
  },
  modelwatch_fleet_mttd_seconds: {
    help: 'Mean time to detect over the last 30 days: drift onset (or first breach) to firing.',
    value: (k) => k.mttdSeconds,
  },
  modelwatch_fleet_mtta_seconds: {
    help: "Mean time to acknowledge over the last 30 days' acknowledged incidents.",
    value: (k) => k.mttaSeconds,
  },
  modelwatch_fleet_mttr_seconds: {
    help: "Mean time to resolve over the last 30 days' resolved incidents.",
    value: (k) => k.mttrSeconds,
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
  const { current } = cachedLoader(deps.kpis, NONE, {
    refreshMs: deps.refreshMs,
    onError: (err) => deps.log.warn({ err }, 'response KPIs refresh failed; serving the last values'),
  });
  for (const [name, { help, value }] of Object.entries(GAUGES)) {
    new Gauge({
      name,
      help,
      registers: [deps.registry],
      async collect() {
        const v = value(await current());
        this.reset();
        if (v !== null) this.set(v);
      },
    });
  }
}
