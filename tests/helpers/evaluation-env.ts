/**
 * Wiring for the reference, evaluation and fleet suites: a fresh database, the real app on a
 * container of the given role, and helpers that post models, references and events through the
 * public API, as a model team would.
 */
import { expect } from 'vitest';
import type { ModelSpec, ModelSpecInput } from '../../src/domain/model-spec.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import { createTestApp, type TestApp } from './app.js';
import { freshDatabase, type TestDatabase } from './db.js';

export interface EvaluationEnv {
  db: TestDatabase;
  t: TestApp;
  close(): Promise<void>;
}

export async function evaluationEnv(
  env: Record<string, string> = {},
  role: 'api' | 'worker' | 'all' = 'all',
): Promise<EvaluationEnv> {
  const db = await freshDatabase();
  const t = await createTestApp({ databaseUrl: db.url, role, env: { EVALUATION_WINDOWS: '5m,1h', ...env } });
  return { db, t, close: () => t.close() };
}

export async function putModel(t: TestApp, modelId: string, spec: ModelSpecInput): Promise<void> {
  const res = await t.request(t.adminKey, { method: 'PUT', url: `/v1/models/${modelId}`, payload: spec });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

/** A typed row as the JSON row of a reference upload (features by name). */
export function referenceRow(spec: ModelSpec, row: TypedRow): Record<string, unknown> {
  return {
    features: Object.fromEntries(spec.features.map((f, i) => [f.name, row.features[i] ?? null])),
    prediction: row.prediction,
    ...(row.score === null ? {} : { score: row.score }),
    ...(row.actual === null ? {} : { actual: row.actual }),
  };
}

export interface Posted {
  predictions: number;
  outcomes: number;
}

/**
 * Posts rows as prediction events with timestamps spread evenly over [fromMs, toMs), and the
 * outcome of every row that has an actual (all of `modelVersion` when given), then folds the batches into tiles as the worker's
 * fold jobs would (container.folds), unless `fold` is false (a worker folds them). Ids are
 * `<prefix>-<index>`.
 */
export async function postRows(
  t: TestApp,
  modelId: string,
  spec: ModelSpec,
  rows: readonly TypedRow[],
  {
    fromMs,
    toMs,
    prefix,
    fold = true,
    modelVersion,
  }: { fromMs: number; toMs: number; prefix: string; fold?: boolean; modelVersion?: string },
): Promise<Posted> {
  const step = (toMs - fromMs) / rows.length;
  const events = rows.map((row, i) => {
    const { actual: _actual, ...event } = referenceRow(spec, row);
    return {
      ...event,
      ...(modelVersion === undefined ? {} : { modelVersion }),
      predictionId: `${prefix}-${i}`,
      timestamp: Math.floor(fromMs + i * step),
    };
  });
  const outcomes = rows.flatMap((row, i) =>
    row.actual === null ? [] : [{ predictionId: `${prefix}-${i}`, actual: row.actual }],
  );
  for (const kind of ['predictions', 'outcomes'] as const) {
    const batchIds = await postBatches(t, modelId, kind, kind === 'predictions' ? events : outcomes);
    if (fold) for (const batchId of batchIds) await t.container.folds.foldBatch({ batchId, modelId, kind });
  }
  return { predictions: events.length, outcomes: outcomes.length };
}

async function postBatches(t: TestApp, modelId: string, kind: string, events: unknown[]): Promise<number[]> {
  const batchIds: number[] = [];
  for (let i = 0; i < events.length; i += 5000) {
    const res = await t.request(t.adminKey, {
      method: 'POST',
      url: `/v1/models/${modelId}/${kind}`,
      payload: { events: events.slice(i, i + 5000) },
    });
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json<{ rejected: unknown[]; batchIds: number[] }>();
    expect(body.rejected).toEqual([]);
    batchIds.push(...body.batchIds);
  }
  return batchIds;
}

/** The end of the minute holding now, minus `minutes`: window ends the scheduler would pick. */
export function minuteEnd(minutesAgo = 0): number {
  return Math.ceil(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000;
}
