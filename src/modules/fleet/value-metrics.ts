import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { FleetModel } from './fleet.schemas.js';
import { one, registerKpiGauges, type KpiGauge } from './kpi-gauges.js';
import type { ValueKpis } from './value-kpis.js';

/** What the value gauges read: the fleet's value KPIs and every model's entry. */
export interface ValueSnapshot {
  kpis: ValueKpis;
  models: Pick<FleetModel, 'id' | 'objective' | 'value'>[];
}

const GAUGES: Record<string, KpiGauge<ValueSnapshot>> = {
  modelwatch_fleet_production_models: {
    help: 'Models in lifecycle status production (docs/kpis.md#value).',
    samples: (s) => one(s.kpis.productionModels),
  },
  modelwatch_fleet_delivering_value_ratio: {
    help: 'Production models meeting their value objective / production models.',
    samples: (s) => one(s.kpis.deliveringValueShare),
  },
  modelwatch_fleet_fresh_evidence_ratio: {
    help: "Production models evaluated and labelled within their objective's window (7 days without one) / production models.",
    samples: (s) => one(s.kpis.freshEvidenceShare),
  },
  modelwatch_fleet_inventory_completeness_ratio: {
    help: 'The mean share of inventory fields recorded, over all models.',
    samples: (s) => one(s.kpis.inventoryCompleteness),
  },
  modelwatch_fleet_overdue_validations: {
    help: 'Models whose next validation date has passed.',
    samples: (s) => one(s.kpis.overdueValidations),
  },
  modelwatch_fleet_value: {
    help: "The outcomes' business values in every model's latest evaluation of a window, summed.",
    labelNames: ['window'],
    samples: (s) =>
      Object.entries(s.kpis.totalValue).map(([window, value]) => ({ labels: { window }, value })),
  },
  modelwatch_model_value: {
    help: "The outcomes' business values in a model's latest evaluation of a window.",
    labelNames: ['model', 'window'],
    samples: (s) =>
      s.models.flatMap((m) =>
        Object.entries(m.value).map(([window, v]) => ({ labels: { model: m.id, window }, value: v.sum })),
      ),
  },
  modelwatch_model_objective_met: {
    help: 'Whether the model met its value objective at its latest judgement (1) or not (0); absent when not judged.',
    labelNames: ['model', 'metric'],
    samples: (s) =>
      s.models.flatMap((m) =>
        m.objective && m.objective.met !== null
          ? [{ labels: { model: m.id, metric: m.objective.metric }, value: m.objective.met ? 1 : 0 }]
          : [],
      ),
  },
};

const NONE: ValueSnapshot = {
  kpis: {
    productionModels: 0,
    withObjective: 0,
    meetingObjective: 0,
    deliveringValueShare: null,
    freshEvidenceShare: null,
    totalValue: {},
    inventoryCompleteness: null,
    completeInventories: 0,
    overdueValidations: 0,
  },
  models: [],
};

/** The fleet's value and governance KPIs as gauges, refreshed at most every `refreshMs`. */
export function registerValueMetrics(deps: {
  registry: Registry;
  snapshot: () => Promise<ValueSnapshot>;
  refreshMs: number;
  log: Logger;
}): void {
  registerKpiGauges({ ...deps, load: deps.snapshot, initial: NONE, gauges: GAUGES, what: 'value KPIs' });
}
