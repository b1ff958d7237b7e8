import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { cachedLoader } from '../../lib/cached-loader.js';

/** One gauge's samples read from a KPI snapshot; a null value is left out (nothing to say yet). */
export interface KpiGauge<K> {
  help: string;
  labelNames?: string[];
  samples: (kpis: K) => { labels?: Record<string, string>; value: number | null }[];
}

/** A single unlabelled sample. */
export const one = (value: number | null) => [{ value }];

/**
 * Gauges read from one KPI snapshot, loaded at most every `refreshMs` and served from memory: a
 * scrape never waits on the database, and a failed refresh keeps the last good values.
 */
export function registerKpiGauges<K>(deps: {
  registry: Registry;
  load: () => Promise<K>;
  initial: K;
  gauges: Record<string, KpiGauge<K>>;
  refreshMs: number;
  log: Logger;
  what: string;
  now?: () => number;
}): { refresh(): Promise<K> } {
  const { current, refresh } = cachedLoader(deps.load, deps.initial, {
    refreshMs: deps.refreshMs,
    onError: (err) => deps.log.warn({ err }, `${deps.what} refresh failed; serving the last values`),
    ...(deps.now ? { now: deps.now } : {}),
  });
  for (const [name, { help, labelNames = [], samples }] of Object.entries(deps.gauges)) {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [deps.registry],
      async collect() {
        const all = samples(await current());
        this.reset();
        for (const { labels = {}, value } of all) if (value !== null) this.set(labels, value);
      },
    });
  }
  return { refresh };
}
