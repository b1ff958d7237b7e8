/**
 * "Functioning properly" in the fleet (docs/kpis.md#functioning-properly), derived live from the
 * status, critical alerts firing, silences pinning the model and the inventory's validation date.
 * Evaluations are stored directly (as the evaluation job stores them); the alert fires through the
 * real engine, the silence and the validation date through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../../src/modules/fleet/fleet.schemas.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  ALERTING_TEST_ENV,
  disableDefaultRules,
  evaluate,
  put,
  registerModel,
} from '../../helpers/alerting.js';
import { freshDatabase } from '../../helpers/db.js';
import { snapshot } from '../../helpers/evaluation-snapshot.js';

let t: TestApp;
let fleet: Fleet;

async function storeStatus(modelId: string, status: string): Promise<void> {
  const end = new Date();
  const window = t.container.config.STATUS_WINDOW ?? t.container.config.EVALUATION_WINDOWS[0]!.name;
  // What the fleet reads of a stored evaluation (evaluation.schemas.ts StoredEvaluation).
  const result = {
    modelId,
    status,
    statusReason: status,
    evaluatedAt: end.toISOString(),
    evaluation: null,
    lastEventAt: null,
    headline: null,
  };
  await t.container.pool.query(
    `INSERT INTO evaluations (model_id, window_name, window_start, window_end, status, events, result)
     VALUES ($1, $2, $3, $4, $5, 150, $6)`,
    [modelId, window, new Date(end.getTime() - 300_000), end, status, JSON.stringify(result)],
  );
}

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  for (const id of ['ok', 'overdue', 'paged', 'hushed', 'new', 'drifting']) await registerModel(t, id);
  await disableDefaultRules(t);
  for (const id of ['ok', 'overdue', 'paged', 'hushed']) await storeStatus(id, 'healthy');
  await storeStatus('drifting', 'drifting');
  const res = await t.request(t.adminKey, {
    method: 'PUT',
    url: '/v1/models/overdue',
    payload: {
      name: 'overdue',
      task: 'binary_classification',
      features: [
        { name: 'age', type: 'numerical' },
        { name: 'income', type: 'numerical' },
      ],
      validation: { lastCompleted: '2019-01-01', nextDue: '2020-01-01' },
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  await put(t, '/v1/alert-rules/share', {
    condition: { kind: 'dataset_drift_share' },
    comparator: '>=',
    threshold: 0.5,
    severity: 'critical',
    models: { match: 'models', models: ['paged'] },
    annotations: { summary: 'drift' },
  });
  const fired = await evaluate(t, snapshot({ modelId: 'paged', datasetDriftShare: 0.9 }));
  expect(fired.alerts[0]).toMatchObject({ state: 'firing' });
  const silence = await t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/silences',
    payload: {
      matchers: [{ name: 'model', op: '=', value: 'hushed' }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: 'maintenance',
    },
  });
  expect(silence.statusCode, silence.body).toBe(201);
  fleet = (await t.request(t.adminKey, { method: 'GET', url: '/v1/fleet' })).json<Fleet>();
});
afterAll(() => t.close());

describe('functioning properly', () => {
  it.each([
    ['ok', 'yes', []],
    ['drifting', 'yes', []],
    ['overdue', 'no', ['validation overdue since 2020-01-01']],
    ['paged', 'no', ['1 critical alert firing']],
    ['hushed', 'unknown', ['its alerts are silenced']],
    ['new', 'unknown', ['status unknown']],
  ])('%s: %s', (id, state, reasons) => {
    expect(fleet.models.find((m) => m.id === id)!.functioning).toEqual({ state, reasons });
  });

  it('is counted in the fleet KPIs', () => {
    expect(fleet.kpis.functioning).toEqual({ yes: 2, no: 2, unknown: 2 });
  });
});
