import type { Pool } from '../../lib/db.js';
import { OTHER_SEGMENT_VALUE } from '../../domain/model-spec.js';
import type { StoredModel } from '../models/models.store.js';
import { segmentRanks } from '../tiles/segment-values.js';
import { segmentSlice } from '../tiles/slices.js';
import type { StoredEvaluation } from './evaluation.schemas.js';
import type { SliceEvaluationStore } from './slice-evaluations.store.js';

type Evaluate = (
  model: StoredModel,
  name: string | null,
  from: Date,
  to: Date,
  slice?: string,
) => Promise<StoredEvaluation>;

/** The slices of a model's declared segments that have their own result: kept values and __other__. */
export async function segmentSlices(pool: Pool, model: StoredModel, key?: string): Promise<string[]> {
  const declared = (model.spec.segments ?? []).filter((s) => key === undefined || s.key === key);
  if (declared.length === 0) return [];
  const ranks = await segmentRanks(pool, model.id, model.spec);
  return declared.flatMap(({ key, maxValues }) => {
    const kept = [...(ranks.get(key) ?? new Map<string, number>())].filter(([, rank]) => rank <= maxValues);
    return [...kept.map(([value]) => value).sort(), OTHER_SEGMENT_VALUE].map((v) => segmentSlice(key, v));
  });
}

/**
 * Evaluates each kept segment value of a window, after the whole model's evaluation of it, and
 * stores those with events (a value quiet in the window is not stored). Only models that declare
 * segments pay for it: one window read per value, one after the other.
 */
export async function evaluateSegments(
  { pool, store, evaluate }: { pool: Pool; store: SliceEvaluationStore; evaluate: Evaluate },
  model: StoredModel,
  windowName: string,
  from: Date,
  to: Date,
): Promise<number> {
  let stored = 0;
  for (const slice of await segmentSlices(pool, model)) {
    const result = await evaluate(model, windowName, from, to, slice);
    if (result.window.events === 0) continue;
    await store.upsert(pool, slice, result);
    stored++;
  }
  return stored;
}
