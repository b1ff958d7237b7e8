// Drift onset through the real engine and Postgres (docs/statistics.md#drift-onset): when a drift
// alert fires, the change point of its statistic over the finest window's stored evaluations
// dates the start of the drift; the alert and its notification carry it, with the detection delay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  ALERTING_TEST_ENV,
  disableDefaultRules,
  evaluate,
  put,
  registerModel,
} from '../../helpers/alerting.js';
import { freshDatabase } from '../../helpers/db.js';
import { snapshot, windowEndAt } from '../../helpers/evaluation-snapshot.js';

let t: TestApp;
const MINUTE = 60_000;

/** Stored 5-minute evaluations, one a minute: age's statistic 0.05, then 0.3 from `change` on. */
async function storeSeries(modelId: string, minutes: number, change: number): Promise<void> {
  for (let m = 0; m < minutes; m++) {
    const end = new Date(Date.parse(windowEndAt(m)));
    const statistic = m < change ? 0.05 + (m % 3) * 0.001 : 0.3 + (m % 2) * 0.002;
    const result = {
      evaluation: {
        features: [
          { name: 'age', statistic },
          { name: 'income', statistic: 0.02 },
        ],
      },
    };
    await t.container.pool.query(
      `INSERT INTO evaluations (model_id, window_name, window_start, window_end, status, events, result)
       VALUES ($1, '5m', $2, $3, 'healthy', 150, $4)`,
      [modelId, new Date(end.getTime() - 5 * MINUTE), end, JSON.stringify(result)],
    );
  }
}

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  await registerModel(t, 'credit-risk');
  await disableDefaultRules(t);
  // No notify worker runs: the notification is only queued, with the payload it will send.
  await put(t, '/v1/channels/ops', { type: 'webhook', url: 'http://127.0.0.1:9/hook', default: true });
  await put(t, '/v1/alert-rules/age-drift', {
    condition: { kind: 'feature_drift', measure: 'score', features: ['age'] },
    comparator: '>=',
    threshold: 0.2,
    window: '1h',
    annotations: { summary: '{{feature}} drifted' },
  });
  await storeSeries('credit-risk', 60, 40);
});
afterAll(async () => {
  await t.close();
});

describe('drift onset', () => {
  it('is dated by the change point of the finest window when the alert fires, with the delay', async () => {
    const fired = windowEndAt(60);
    const outcome = await evaluate(
      t,
      snapshot({
        windowEnd: fired,
        features: [{ name: 'age', drifted: true, score: 0.3, method: 'wasserstein' }],
      }),
    );
    expect(outcome.alerts[0]).toMatchObject({ state: 'firing', feature: 'age' });
    const alert = (
      await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts/${outcome.alerts[0]!.id}` })
    ).json<{
      driftStartedAt: string;
      detectionDelaySeconds: number;
    }>();
    // The first evaluation after the split ends at minute 40; half a 5-minute window before it.
    const onset = Date.parse(windowEndAt(40)) - 2.5 * MINUTE;
    expect(alert.driftStartedAt).toBe(new Date(onset).toISOString());
    expect(alert.detectionDelaySeconds).toBe((Date.parse(fired) - onset) / 1000);
  });

  it('travels with the notification', async () => {
    const { rows } = await t.container.pool.query<{ payload: { driftStartedAt?: string } }>(
      'SELECT payload FROM notifications',
    );
    for (const { payload } of rows)
      expect(payload.driftStartedAt).toBe(new Date(Date.parse(windowEndAt(40)) - 2.5 * MINUTE).toISOString());
  });

  it('is not estimated for conditions that are not drift', async () => {
    await put(t, '/v1/alert-rules/coverage', {
      condition: { kind: 'label_coverage' },
      comparator: '<',
      threshold: 0.5,
      annotations: { summary: 'few labels' },
    });
    const outcome = await evaluate(t, snapshot({ windowEnd: windowEndAt(61), labelCoverage: 0.1 }));
    const id = outcome.alerts.find((a) => a.ruleId === 'coverage')!.id;
    const alert = (await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts/${id}` })).json<{
      state: string;
      driftStartedAt: string | null;
      detectionDelaySeconds: number | null;
    }>();
    expect(alert).toMatchObject({ state: 'firing', driftStartedAt: null, detectionDelaySeconds: null });
  });
});
