import { periodicTask } from '../../lib/periodic.js';
import type { Fleet, ResponseReport } from '../../modules/fleet/index.js';
import type { DemoIo } from './api.js';
import { DEMO_MODEL_ID } from './model.js';
import { fit } from './reading.js';

/** What the KPI line shows (docs/kpis.md), from GET /v1/fleet and GET /v1/fleet/response. */
export interface KpiReading {
  at: string;
  objective: {
    metric: string;
    target: number;
    direction: 'at_least' | 'at_most';
    window: string;
    met: boolean | null;
    observed: number | null;
  };
  deliveringValueShare: number | null;
  freshEvidenceShare: number | null;
  inventoryCompleteness: number | null;
  missing: string[];
  incidents: number;
  mttdSeconds: number | null;
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const money = (x: number | null) =>
  x === null ? '–' : `${x < 0 ? '-' : '+'}${Math.round(Math.abs(x)).toLocaleString('en-US')}`;
const verdict = (met: boolean | null) => (met === null ? 'not judged' : met ? 'met' : 'NOT met');

/** `12:03:10  kpis  value 5m +1,234,567 ≥ 0 met | delivering 100% | fresh 100% | inventory 88% | MTTD 35 s` */
export function formatKpis(k: KpiReading): string {
  const o = k.objective;
  const observed = o.metric === 'value' ? money(o.observed) : (o.observed?.toFixed(3) ?? '–');
  const mttd = k.mttdSeconds === null ? '–' : `${Math.round(k.mttdSeconds)} s (${k.incidents})`;
  return fit(
    `${k.at}  kpis  ${o.metric} ${o.window} ${observed} ${o.direction === 'at_most' ? '≤' : '≥'} ${o.target} ` +
      `${verdict(o.met)} | delivering ` +
      `${pct(k.deliveringValueShare)} | fresh ${pct(k.freshEvidenceShare)} | inventory ` +
      `${pct(k.inventoryCompleteness)} | MTTD ${mttd}`,
  );
}

/** What changes the line: verdicts and shares, not the value's every cent. */
export function kpiChange(k: KpiReading): string {
  return [
    k.objective.met,
    k.deliveringValueShare,
    k.freshEvidenceShare,
    k.inventoryCompleteness,
    k.incidents,
  ].join('|');
}

export function toKpiReading(fleet: Fleet, response: ResponseReport, at: Date): KpiReading | null {
  const model = fleet.models.find((m) => m.id === DEMO_MODEL_ID);
  if (!model?.objective) return null;
  const { value } = fleet.kpis;
  return {
    at: at.toTimeString().slice(0, 8),
    objective: model.objective,
    deliveringValueShare: value.deliveringValueShare,
    freshEvidenceShare: value.freshEvidenceShare,
    inventoryCompleteness: value.inventoryCompleteness,
    missing: model.inventoryCompleteness.missing,
    incidents: response.fleet.incidents,
    mttdSeconds: response.fleet.mttdSeconds,
  };
}

/** Polls the fleet's KPIs and prints a line when they change (kpiChange). */
export function startKpiView(
  { api, say, log }: DemoIo,
  { pollEveryMs, print }: { pollEveryMs: number; print: (line: string, reading: KpiReading) => void },
): { stop(): Promise<void> } {
  let shown: string | null = null;
  async function poll(): Promise<void> {
    const fleet = await api.send<Fleet>('GET', '/v1/fleet');
    const response = await api.send<ResponseReport>('GET', '/v1/fleet/response');
    const reading = toKpiReading(fleet, response, new Date());
    if (reading === null || kpiChange(reading) === shown) return;
    shown = kpiChange(reading);
    print(formatKpis(reading), reading);
  }
  const stop = periodicTask(
    'demo KPI view',
    pollEveryMs,
    () => poll().catch((err: Error) => say(`demo: reading the KPIs failed: ${err.message}`)),
    log,
  ).start();
  return { stop };
}
