import { z } from 'zod';
import { windowSeconds } from '../lib/windows.js';
import {
  binaryMetricsSchema,
  multiclassMetricsSchema,
  regressionMetricsSchema,
} from '../stats/performance/performance.schemas.js';

/** The objective's measure beside the task's realized metrics: the total of outcomes' values. */
export const VALUE_METRIC = 'value';

/** Metrics where lower is better: an objective on them defaults to `at_most`. */
const LOWER_IS_BETTER = new Set([
  'logLoss',
  'brier',
  'ece',
  'mae',
  'rmse',
  'mape',
  'medianAbsoluteError',
  'p90AbsoluteError',
]);

const objective = <M extends string>(metrics: readonly M[]) =>
  z
    .object({
      metric: z
        .enum([VALUE_METRIC, ...metrics] as [typeof VALUE_METRIC, ...M[]])
        .describe(
          "a realized performance metric of the model's task, or `value`: the total of the outcomes' values",
        ),
      target: z.number().describe('the level the metric must reach'),
      direction: z
        .enum(['at_least', 'at_most'])
        .optional()
        .describe('at_least (default) or at_most (default for error metrics such as mae, logLoss, brier)'),
      window: z
        .string()
        .refine(
          (w) => windowSeconds(w) !== null,
          'must be a whole number of m, h or d, from 1 minute to 31 days',
        )
        .describe('the trailing range the metric is measured over, e.g. 7d'),
      description: z.string().min(1).max(2_000).optional().describe('the business value, in words'),
    })
    .optional()
    .describe(
      'what the model must deliver to count as delivering value (docs/kpis.md#value), e.g. realized rocAuc at_least 0.75 over 7d',
    );

/** Per task, so that a metric the task does not have is a 400 at /valueObjective/metric. */
export const valueObjectiveSchemas = {
  binary_classification: objective(binaryMetricsSchema.keyof().options),
  multiclass_classification: objective(multiclassMetricsSchema.keyof().options),
  regression: objective(regressionMetricsSchema.keyof().options),
};

export interface ValueObjective {
  metric: string;
  target: number;
  direction?: 'at_least' | 'at_most' | undefined;
  window: string;
  description?: string | undefined;
}

export function directionOf(o: ValueObjective): 'at_least' | 'at_most' {
  return o.direction ?? (LOWER_IS_BETTER.has(o.metric) ? 'at_most' : 'at_least');
}
