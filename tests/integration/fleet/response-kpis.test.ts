/**
 * Detection and response KPIs (docs/kpis.md) against a scripted incident timeline, through the
 * real alerting engine and Postgres. Two hours ago, on minute marks m after a base:
 *
 * - credit-risk, rule age-drift (fires at once): age's 5m statistic rises at minute 40 (stored
 *   evaluations, so the onset is estimated: minute 40 − 2.5 min); the alert fires at 60 and
 *   resolves at 70. Time to detect 22.5 min, to resolve 10 min, never acknowledged.
 * - fraud, rule income-drift (for: 2): breaches at 100 (pending), fires at 101, acknowledged now.
 *   Time to detect 1 min (from the first breach), to acknowledge now − minute 101, not resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseReport } from '../../../src/modules/fleet/response.schemas.js';
import { createApiKey } from '../../helpers/api-keys.js';
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
const MINUTE = 60_000;
const BASE = Math.floor(Date.now() / MINUTE) * MINUTE - 180 * MINUTE;
const at = (m: number) => new Date(BASE + m * MINUTE).toISOString();
let ackedAt: string;

/** Stored 5-minute evaluations, one a minute: age's statistic 0.05, then 0.3 from minute 40. */
async function storeSeries(): Promise<void> {
  for (let m = 0; m < 60; m++) {
    const end = new Date(at(m));
    const result = {
      evaluation: {
        features: [
          { name: 'age', statistic: m < 40 ? 0.05 + (m % 3) * 0.001 : 0.3 + (m % 2) * 0.002 },
          { name: 'income', statistic: 0.02 },
        ],
      },
    };
    await t.container.pool.query(
      `INSERT INTO evaluations (model_id, window_name, window_start, window_end, status, events, result)
       VALUES ('credit-risk', '5m', $1, $2, 'healthy', 150, $3)`,
      [new Date(end.getTime() - 5 * MINUTE), end, JSON.stringify(result)],
    );
  }
}

const drift = (name: string, score: number) => ({
  name,
  drifted: score >= 0.2,
  score,
  method: 'wasserstein',
});
const observe = (modelId: string, m: number, age: number, income: number) =>
  evaluate(
    t,
    snapshot({ modelId, windowEnd: at(m), features: [drift('age', age), drift('income', income)] }),
  );

async function report(query: string, key = t.adminKey): Promise<ResponseReport> {
  const res = await t.request(key, { method: 'GET', url: `/v1/fleet/response${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ResponseReport>();
}

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: { ...ALERTING_TEST_ENV, EXPORT_MODEL_METRICS: 'api' },
  });
  await registerModel(t, 'credit-risk');
  await registerModel(t, 'fraud');
  await disableDefaultRules(t);
  const rule = (feature: string, extra: object) => ({
    condition: { kind: 'feature_drift', measure: 'score', features: [feature] },
    comparator: '>=',
    threshold: 0.2,
    window: '1h',
    annotations: { summary: '{{feature}} drifted' },
    ...extra,
  });
  await put(
    t,
    '/v1/alert-rules/age-drift',
    rule('age', { models: { match: 'models', models: ['credit-risk'] }, resolve: { after: 1 } }),
  );
  await put(
    t,
    '/v1/alert-rules/income-drift',
    rule('income', { models: { match: 'models', models: ['fraud'] }, for: 2 }),
  );
  await storeSeries();
  expect((await observe('credit-risk', 60, 0.3, 0.02)).alerts[0]).toMatchObject({ state: 'firing' });
  expect((await observe('credit-risk', 70, 0.05, 0.02)).alerts[0]).toMatchObject({ state: 'resolved' });
  expect((await observe('fraud', 100, 0.02, 0.4)).alerts[0]).toMatchObject({ state: 'pending' });
  const fired = await observe('fraud', 101, 0.02, 0.45);
  expect(fired.alerts[0]).toMatchObject({ state: 'firing' });
  const ack = await t.request(t.adminKey, {
    method: 'POST',
    url: `/v1/alerts/${fired.alerts[0]!.id}/ack`,
    payload: { comment: 'looking' },
  });
  expect(ack.statusCode, ack.body).toBe(201);
  ackedAt = ack.json<{ at: string }>().at;
});
afterAll(() => t.close());

describe('detection and response KPIs', () => {
  it('time each incident from the timeline', async () => {
    const { incidents } = await report('');
    const timeToAck = (Date.parse(ackedAt) - Date.parse(at(101))) / 1000;
    expect(incidents).toEqual([
      expect.objectContaining({
        modelId: 'fraud',
        detectedFrom: 'first_breach',
        startedAt: at(100),
        firedAt: at(101),
        acknowledgedAt: ackedAt,
        resolvedAt: null,
        timeToDetectSeconds: 60,
        timeToAcknowledgeSeconds: timeToAck,
        timeToResolveSeconds: null,
      }),
      expect.objectContaining({
        modelId: 'credit-risk',
        detectedFrom: 'onset',
        startedAt: new Date(Date.parse(at(40)) - 2.5 * MINUTE).toISOString(),
        firedAt: at(60),
        acknowledgedAt: null,
        resolvedAt: at(70),
        timeToDetectSeconds: 22.5 * 60,
        timeToAcknowledgeSeconds: null,
        timeToResolveSeconds: 600,
      }),
    ]);
  });

  it('average them per model and for the fleet', async () => {
    const r = await report('');
    const timeToAck = (Date.parse(ackedAt) - Date.parse(at(101))) / 1000;
    expect(r.fleet).toEqual({
      incidents: 2,
      acknowledged: 1,
      resolved: 1,
      mttdSeconds: (22.5 * 60 + 60) / 2,
      mttaSeconds: timeToAck,
      mttrSeconds: 600,
    });
    expect(r.models).toEqual([
      {
        modelId: 'credit-risk',
        incidents: 1,
        acknowledged: 0,
        resolved: 1,
        mttdSeconds: 1350,
        mttaSeconds: null,
        mttrSeconds: 600,
      },
      {
        modelId: 'fraud',
        incidents: 1,
        acknowledged: 1,
        resolved: 0,
        mttdSeconds: 60,
        mttaSeconds: timeToAck,
        mttrSeconds: null,
      },
    ]);
  });

  it('count incidents in the period they fired in, for the models asked and allowed', async () => {
    const later = await report(`?from=${encodeURIComponent(at(61))}`);
    expect(later.incidents.map((i) => i.modelId)).toEqual(['fraud']);
    expect((await report('?model=credit-risk')).fleet.incidents).toBe(1);
    const { key } = await createApiKey(t, { scopes: ['read'], models: ['fraud'] });
    expect((await report('', key)).models.map((m) => m.modelId)).toEqual(['fraud']);
    expect((await report('?model=credit-risk', key)).fleet.incidents).toBe(0);
    const bad = await t.request(t.adminKey, {
      method: 'GET',
      url: `/v1/fleet/response?from=${at(5)}&to=${at(1)}`,
    });
    expect(bad.statusCode).toBe(400);
    // A period is read in memory: at most 366 days, said where.
    const long = await t.request(t.adminKey, {
      method: 'GET',
      url: `/v1/fleet/response?from=2020-01-01T00:00:00Z`,
    });
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/from');
  });

  it('are exported as modelwatch_fleet_* gauges over the last 30 days', async () => {
    const metrics = (await t.request(t.adminKey, { method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^modelwatch_fleet_incidents\{[^}]*\} 2$/m);
    expect(metrics).toMatch(/^modelwatch_fleet_mttd_seconds\{[^}]*\} 705$/m);
    expect(metrics).toMatch(/^modelwatch_fleet_mttr_seconds\{[^}]*\} 600$/m);
  });
});
