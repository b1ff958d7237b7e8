import type { Queryable } from '../../lib/db.js';
import { readServingModelSpecs } from '../models/index.js';
import type { ValueObjective } from '../../domain/value-objective.js';
import type { ObjectiveJudgement } from './objective-judge.js';

/** A model whose objective is to be judged: not archived, not retired, with an objective. */
export interface ObjectiveModel {
  id: string;
  spec: unknown;
}

/** The latest judgement of a model's objective, as stored. */
export interface StoredObjectiveResult extends ObjectiveJudgement {
  modelId: string;
  objective: ValueObjective;
  from: string;
  to: string;
  evaluatedAt: string;
}

interface ResultRow {
  model_id: string;
  objective: ValueObjective;
  window_start: Date;
  window_end: Date;
  observed: number | null;
  met: boolean | null;
  labelled: string;
  valued: string;
  value_sum: number;
  reason: string;
  evaluated_at: Date;
}

export const valueStore = {
  objectiveModels(db: Queryable): Promise<ObjectiveModel[]> {
    return readServingModelSpecs(db, { declaring: 'valueObjective' });
  },

  async save(db: Queryable, r: StoredObjectiveResult): Promise<void> {
    await db.query(
      `INSERT INTO model_objectives (model_id, objective, window_start, window_end, observed, met, labelled,
                                     valued, value_sum, reason, evaluated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (model_id) DO UPDATE SET
         objective = EXCLUDED.objective, window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
         observed = EXCLUDED.observed, met = EXCLUDED.met, labelled = EXCLUDED.labelled, valued = EXCLUDED.valued,
         value_sum = EXCLUDED.value_sum, reason = EXCLUDED.reason, evaluated_at = EXCLUDED.evaluated_at
       WHERE model_objectives.evaluated_at <= EXCLUDED.evaluated_at`,
      [
        r.modelId,
        JSON.stringify(r.objective),
        r.from,
        r.to,
        r.observed,
        r.met,
        r.labelled,
        r.valued,
        r.valueSum,
        r.reason,
        r.evaluatedAt,
      ],
    );
  },

  /**
   * The latest judgement of each listed model's objective, only where it judged the objective the
   * model has now: after the objective changes, the old verdict no longer counts.
   */
  async latest(db: Queryable, modelIds: readonly string[]): Promise<StoredObjectiveResult[]> {
    const { rows } = await db.query<ResultRow>(
      `SELECT o.* FROM model_objectives o JOIN models m ON m.id = o.model_id
        WHERE o.model_id = ANY ($1::text[]) AND o.objective = m.spec->'valueObjective'`,
      [modelIds],
    );
    return rows.map((r) => ({
      modelId: r.model_id,
      objective: r.objective,
      from: r.window_start.toISOString(),
      to: r.window_end.toISOString(),
      observed: r.observed,
      met: r.met,
      labelled: Number(r.labelled),
      valued: Number(r.valued),
      valueSum: r.value_sum,
      reason: r.reason,
      evaluatedAt: r.evaluated_at.toISOString(),
    }));
  },
};

export type ValueStore = typeof valueStore;
