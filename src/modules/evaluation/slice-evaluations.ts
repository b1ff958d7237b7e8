import type { Pool } from '../../lib/db.js';
import { OTHER_SEGMENT_VALUE } from '../../domain/model-spec.js';
import type { StoredModel } from '../models/index.js';
import { liveVersions, segmentRanks, segmentSlice, versionSlice } from '../tiles/index.js';
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
 * The versions a scheduled window evaluates apart: each kept version live in it, when two or more
 * are (a rollout or a canary). With one version live, the whole model's result is that version's
 * (but for events without a version), so storing it again would double the model's cost for
 * nothing a reader could not already see.
 */
export async function versionSlices(pool: Pool, model: StoredModel, from: Date, to: Date): Promise<string[]> {
  const live = await liveVersions(pool, model.id, from, to);
  return live.length < 2 ? [] : live.map(versionSlice);
}

/**
 * Evaluates each slice of a window that has a stored result of its own, after the whole model's
 * evaluation of it: every kept segment value and `__other__`, and the versions `versionSlices`
 * names. Stores those with events (a slice quiet in the window is not stored). A model without
 * segments and with one version live pays one query; otherwise one window read per slice, one
 * after the other.
 */
export async function evaluateSlices(
  { pool, store, evaluate }: { pool: Pool; store: SliceEvaluationStore; evaluate: Evaluate },
  model: StoredModel,
  windowName: string,
  from: Date,
  to: Date,
): Promise<number> {
  let stored = 0;
  const slices = [...(await segmentSlices(pool, model)), ...(await versionSlices(pool, model, from, to))];
  for (const slice of slices) {
    const result = await evaluate(model, windowName, from, to, slice);
    if (result.window.events === 0) continue;
    await store.upsert(pool, slice, result);
    stored++;
  }
  return stored;
}
