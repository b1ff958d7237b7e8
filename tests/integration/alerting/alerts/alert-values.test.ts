/**
 * GET /v1/alerts/{id}/values: an alert's value over time, read from the stored evaluations of its
 * window by the rules engine's own reading (alerts/alert-values.ts). Two rules whose value is not a
 * stored field as such: a volume drop (1 − events / expected) and a feature's drift statistic.
 * Expected values are computed here from the evaluations stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import {
  ALERTING_TEST_ENV,
  disableDefaultRules,
  evaluate,
  put,
  registerModel,
} from '../../../helpers/alerting.js';
import { freshDatabase } from '../../../helpers/db.js';
import { snapshot } from '../../../helpers/evaluation-snapshot.js';
import { expectProblem } from '../../../helpers/problem.js';

let t: TestApp;
const T0 = Date.parse('2026-03-01T06:00:00.000Z');
const HOUR = 3_600_000;
const events = [1000, 800, 300, 100];
const ageScore = [0.02, 0.05, 0.31, 0.44];

/** Stores a 1h evaluation as the evaluation job does; only what the rules read is filled in. */
async function storeEvaluation(k: number): Promise<void> {
  const to = new Date(T0 + k * HOUR);
  const result = {
    modelId: 'credit-risk',
    window: {
      name: '1h',
      from: new Date(to.getTime() - HOUR).toISOString(),
      to: to.toISOString(),
      events: events[k],
    },
    evaluatedAt: to.toISOString(),
    status: 'healthy',
    statusReason: 'healthy',
    lastEventAt: null,
    volume: { events: events[k], expected: 1000, ratio: events[k]! / 1000, basis: 'previous_week' },
    headline: null,
    baseline: null,
    evaluation: {
      datasetDrift: { share: 0, driftedFeatures: 0, evaluatedFeatures: 2 },
      features: [
        { name: 'age', method: 'wasserstein', statistic: ageScore[k], drifted: ageScore[k]! >= 0.1 },
        { name: 'income', method: 'wasserstein', statistic: 0.01, drifted: false },
      ],
      prediction: null,
      performance: null,
      quality: { features: [] },
    },
  };
  await t.container.pool.query(
    `INSERT INTO evaluations (model_id, window_name, window_start, window_end, status, events, result)
     VALUES ('credit-risk', '1h', $1, $2, 'healthy', $3, $4)`,
    [new Date(to.getTime() - HOUR), to, events[k], JSON.stringify(result)],
  );
}

async function alertOf(rule: string): Promise<{ id: string; threshold: number }> {
  const list = await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts?rule=${rule}` });
  return list.json<{ items: { id: string; threshold: number }[] }>().items[0]!;
}

const values = (
  id: string,
  query = `from=${new Date(T0 - HOUR).toISOString()}&to=${new Date(T0 + 4 * HOUR).toISOString()}`,
) => t.request(t.adminKey, { method: 'GET', url: `/v1/alerts/${id}/values?${query}` });

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  await registerModel(t, 'credit-risk');
  await disableDefaultRules(t);
  const common = { window: '1h', severity: 'warning', annotations: { summary: 'x' } };
  await put(t, '/v1/alert-rules/volume', {
    ...common,
    condition: { kind: 'volume_drop' },
    comparator: '>=',
    threshold: 0.5,
  });
  await put(t, '/v1/alert-rules/age', {
    ...common,
    condition: { kind: 'feature_drift', measure: 'score', features: ['age'] },
    comparator: '>=',
    threshold: 0.2,
  });
  // Each rule meets the model once, so that its alert exists.
  await evaluate(
    t,
    snapshot({
      volume: { events: 100, expected: 1000 },
      features: [{ name: 'age', drifted: true, score: 0.44, method: 'wasserstein' }],
    }),
  );
  for (let k = 0; k < events.length; k++) await storeEvaluation(k);
});
afterAll(() => t.close());

describe('an alert’s value over time', () => {
  it('is what the rule reads from each stored evaluation: 1 − events / expected for a volume drop', async () => {
    const alert = await alertOf('volume');
    const res = await values(alert.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      alertId: alert.id,
      window: '1h',
      feature: null,
      segment: null,
      condition: 'volume_drop',
      comparator: '>=',
      threshold: 0.5,
      points: events.map((e, k) => ({
        windowEnd: new Date(T0 + k * HOUR).toISOString(),
        value: 1 - e / 1000,
      })),
    });
  });

  it("is the alert's own feature's statistic for a feature drift rule", async () => {
    const alert = await alertOf('age');
    const body = (await values(alert.id)).json<{ feature: string; points: { value: number }[] }>();
    expect(body.feature).toBe('age');
    expect(body.points.map((p) => p.value)).toEqual(ageScore);
  });

  it('keeps the newest points within the range and limit, oldest first', async () => {
    const alert = await alertOf('volume');
    const from = new Date(T0 + HOUR - 1).toISOString();
    const to = new Date(T0 + 3 * HOUR).toISOString();
    const body = (await values(alert.id, `from=${from}&to=${to}&limit=2`)).json<{
      points: { windowEnd: string }[];
    }>();
    expect(body.points.map((p) => p.windowEnd)).toEqual([
      new Date(T0 + 2 * HOUR).toISOString(),
      new Date(T0 + 3 * HOUR).toISOString(),
    ]);
  });

  it('refuses a range that ends before it starts, and answers 409 once the rule is gone', async () => {
    const alert = await alertOf('volume');
    const bad = expectProblem(
      await values(alert.id, `from=${new Date(T0).toISOString()}&to=${new Date(T0 - 1).toISOString()}`),
      400,
    );
    expect(bad.errors!.map((e) => e.pointer)).toEqual(['/to']);
    const removed = await t.request(t.adminKey, { method: 'DELETE', url: '/v1/alert-rules/volume' });
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    const gone = await values(alert.id);
    // Alerts outlive their rule (they resolve); what the rule read can no longer be told.
    expect(expectProblem(gone, 409).detail).toContain('was deleted');
  });
});
