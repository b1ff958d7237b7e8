import { z } from 'zod';
import { directionOf, type ValueObjective } from '../../domain/value-objective.js';
import type { StoredObjectiveResult } from '../value/index.js';

const share = (description: string) => z.number().min(0).max(1).nullable().describe(description);

export const objectiveStatusSchema = z
  .object({
    metric: z.string(),
    target: z.number(),
    direction: z.enum(['at_least', 'at_most']),
    window: z.string(),
    met: z
      .boolean()
      .nullable()
      .describe('null when there was not enough evidence to judge, or not judged yet'),
    observed: z.number().nullable().describe('the metric, or the value total, over the window'),
    reason: z.string(),
    labelled: z.int().nonnegative().nullable(),
    valueSum: z.number().nullable().describe("the outcomes' values over the objective's window"),
    evaluatedAt: z.iso.datetime().nullable().describe('when it was last judged (OBJECTIVE_INTERVAL_SECONDS)'),
  })
  .meta({ id: 'ObjectiveStatus' });
export type ObjectiveStatus = z.infer<typeof objectiveStatusSchema>;

export const valueKpisSchema = z
  .object({
    productionModels: z.int().nonnegative().describe('models in lifecycle status production'),
    withObjective: z.int().nonnegative().describe('production models that declare a value objective'),
    meetingObjective: z.int().nonnegative().describe('production models whose latest judgement met it'),
    deliveringValueShare: share('meetingObjective / productionModels; null without production models'),
    freshEvidenceShare: share(
      "production models evaluated and labelled within their objective's window (7 days without one) / productionModels",
    ),
    totalValue: z
      .record(z.string(), z.number())
      .describe("per evaluation window: the outcomes' values of every model's latest evaluation, summed"),
    inventoryCompleteness: share('the mean share of inventory fields recorded, over all models'),
    completeInventories: z.int().nonnegative().describe('models with every inventory field recorded'),
    overdueValidations: z.int().nonnegative().describe('models whose validation.nextDue has passed'),
  })
  .meta({ id: 'ValueKpis' });
export type ValueKpis = z.infer<typeof valueKpisSchema>;

/** An objective with the latest judgement of it, or "not judged yet". */
export function objectiveStatus(
  objective: ValueObjective,
  result: StoredObjectiveResult | undefined,
): ObjectiveStatus {
  const declared = {
    metric: objective.metric,
    target: objective.target,
    direction: directionOf(objective),
    window: objective.window,
  };
  if (!result) {
    return {
      ...declared,
      met: null,
      observed: null,
      reason: 'not judged yet',
      labelled: null,
      valueSum: null,
      evaluatedAt: null,
    };
  }
  const { met, observed, reason, labelled, valueSum, evaluatedAt } = result;
  return { ...declared, met, observed, reason, labelled, valueSum, evaluatedAt };
}

/** What the value KPIs read of each fleet entry. */
export interface ValueEntry {
  lifecycle: string;
  objective: ObjectiveStatus | null;
  value: Record<string, { count: number; sum: number }>;
  completeness: number;
  validationOverdue: boolean;
  /** Evaluated and labelled within its objective's window (7 days without one). */
  freshEvidence: boolean;
}

export function valueKpis(entries: readonly ValueEntry[], windows: readonly string[]): ValueKpis {
  const production = entries.filter((e) => e.lifecycle === 'production');
  const ratio = (n: number, of: number) => (of === 0 ? null : n / of);
  const totalValue = Object.fromEntries(windows.map((w) => [w, 0]));
  for (const e of entries)
    for (const [w, v] of Object.entries(e.value)) totalValue[w] = (totalValue[w] ?? 0) + v.sum;
  const meeting = production.filter((e) => e.objective?.met === true).length;
  return {
    productionModels: production.length,
    withObjective: production.filter((e) => e.objective !== null).length,
    meetingObjective: meeting,
    deliveringValueShare: ratio(meeting, production.length),
    freshEvidenceShare: ratio(production.filter((e) => e.freshEvidence).length, production.length),
    totalValue,
    inventoryCompleteness: ratio(
      entries.reduce((sum, e) => sum + e.completeness, 0),
      entries.length,
    ),
    completeInventories: entries.filter((e) => e.completeness === 1).length,
    overdueValidations: entries.filter((e) => e.validationOverdue).length,
  };
}
