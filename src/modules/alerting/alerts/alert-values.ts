import type { Queryable } from '../../../lib/db.js';
import type { StoredEvaluation } from '../../evaluation/index.js';
import { evaluationSnapshotSchema, type Segment } from '../engine/evaluation-snapshot.js';
import { snapshotFromEvaluation } from '../engine/from-evaluation.js';
import { observe } from '../rules/conditions.js';
import type { Rule } from '../rules/rules.schemas.js';

/**
 * The stored evaluations of one window over a range, oldest first (evaluation.store.ts), of the
 * whole model or, for a segment value's alert, of that value (slice-evaluations.store.ts).
 */
export type EvaluationResults = (
  db: Queryable,
  q: { modelId: string; window: string; segment: Segment | null; from: Date; to: Date; limit: number },
) => Promise<StoredEvaluation[]>;

/**
 * The value an alert's rule read from one stored evaluation: the same snapshot and the same
 * `observe` the rules engine applies (engine/alerting.service.ts), so the chart of an alert shows
 * exactly the numbers its state followed. Null where the evaluation gives the rule no data.
 */
export function ruleValueAt(
  rule: Pick<Rule, 'condition' | 'alarmBudget'>,
  feature: string | null,
  evaluation: StoredEvaluation,
  intervalSeconds: number,
): number | null {
  const input = snapshotFromEvaluation(evaluation);
  if (input === null) return null;
  const snapshot = evaluationSnapshotSchema.parse(input);
  const observed = observe(rule.condition, snapshot, { alarmBudget: rule.alarmBudget, intervalSeconds });
  return observed.find((o) => o.feature === feature)?.value ?? null;
}
