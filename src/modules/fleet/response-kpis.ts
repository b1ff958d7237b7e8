import type { IncidentRow } from './incidents.store.js';
import type { Incident, ResponseKpis } from './response.schemas.js';

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/**
 * An incident's times (docs/kpis.md): detected from the drift onset where one was estimated, else
 * from its first breaching evaluation (the firing itself for a rule that fires at once); an onset
 * later than the firing (it never is, drift-onset.ts caps it) would count as zero.
 */
export function incidentOf(row: IncidentRow): Incident {
  const startedAt = row.onsetAt ?? row.firstBreachAt ?? row.firedAt;
  return {
    modelId: row.modelId,
    alertId: row.alertId,
    episode: row.episode,
    startedAt: startedAt.toISOString(),
    detectedFrom: row.onsetAt ? 'onset' : 'first_breach',
    firedAt: row.firedAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    timeToDetectSeconds: Math.max(0, seconds(startedAt, row.firedAt)),
    timeToAcknowledgeSeconds: row.acknowledgedAt ? seconds(row.firedAt, row.acknowledgedAt) : null,
    timeToResolveSeconds: row.resolvedAt ? seconds(row.firedAt, row.resolvedAt) : null,
  };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** MTTD over every incident, MTTA over the acknowledged ones, MTTR over the resolved ones. */
export function responseKpis(incidents: readonly Incident[]): ResponseKpis {
  const acked = incidents.flatMap((i) =>
    i.timeToAcknowledgeSeconds === null ? [] : [i.timeToAcknowledgeSeconds],
  );
  const resolved = incidents.flatMap((i) =>
    i.timeToResolveSeconds === null ? [] : [i.timeToResolveSeconds],
  );
  return {
    incidents: incidents.length,
    acknowledged: acked.length,
    resolved: resolved.length,
    mttdSeconds: mean(incidents.map((i) => i.timeToDetectSeconds)),
    mttaSeconds: mean(acked),
    mttrSeconds: mean(resolved),
  };
}

/** The KPIs of each model with incidents, by model id. */
export function responseKpisByModel(incidents: readonly Incident[]): (ResponseKpis & { modelId: string })[] {
  const byModel = new Map<string, Incident[]>();
  for (const i of incidents) {
    const list = byModel.get(i.modelId);
    if (list) list.push(i);
    else byModel.set(i.modelId, [i]);
  }
  return [...byModel.keys()].sort().map((modelId) => ({ modelId, ...responseKpis(byModel.get(modelId)!) }));
}
