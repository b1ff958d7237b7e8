// Alerts through the real engine, Postgres and API: `for` and hysteresis hold, evaluations are
// idempotent, acks are recorded, a limited key sees its models' alerts only, rules retire alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type IssuedKey } from '../../helpers/api-keys.js';
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
import { expectProblem } from '../../helpers/problem.js';

let t: TestApp;
let fraudOnly: IssuedKey;

interface AlertBody {
  id: string;
  state: string;
  model: string;
  feature: string | null;
  episode: number;
  value: number | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  acknowledgement: { by: string; comment: string; at: string } | null;
  transitions: { from: string; to: string; at: string; reason: string }[];
}

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  await registerModel(t, 'credit-risk', { domain: 'lending' });
  await registerModel(t, 'fraud', { domain: 'payments' });
  await disableDefaultRules(t);
  fraudOnly = await createApiKey(t, { scopes: ['read'], models: ['fraud'] });
  await put(t, '/v1/alert-rules/drift-share', {
    condition: { kind: 'dataset_drift_share' },
    comparator: '>=',
    threshold: 0.5,
    for: 2,
    resolve: { after: 3, margin: 0.1 },
    severity: 'critical',
    annotations: { summary: '{{model}}: {{value}} of features drifted (≥ {{threshold}})' },
  });
});
afterAll(async () => {
  await t.close();
});

const get = async <T>(url: string, key = t.adminKey) => {
  const res = await t.request(key, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const share = (minute: number, value: number, modelId = 'credit-risk') =>
  evaluate(t, snapshot({ modelId, windowEnd: windowEndAt(minute), datasetDriftShare: value }));
const driftAlert = async (model = 'credit-risk') => {
  const { items } = await get<{ items: AlertBody[] }>(`/v1/alerts?rule=drift-share&model=${model}`);
  expect(items).toHaveLength(1);
  return get<AlertBody>(`/v1/alerts/${items[0]!.id}`);
};

describe('for and hysteresis', () => {
  it('one breaching evaluation leaves the alert pending; a replay of it changes nothing', async () => {
    await share(0, 0.6);
    const again = await share(0, 0.6);
    expect(again.alerts).toEqual([]);
    const alert = await driftAlert();
    expect(alert).toMatchObject({ state: 'pending', episode: 1, value: 0.6 });
    expect(alert.transitions.map((x) => `${x.from}->${x.to}`)).toEqual(['inactive->pending']);
  });

  it('the second consecutive breach fires it, with annotations filled in', async () => {
    await share(1, 0.55);
    const alert = await driftAlert();
    expect(alert).toMatchObject({
      state: 'firing',
      labels: { alertname: 'drift-share', model: 'credit-risk', severity: 'critical', window: '1h' },
      annotations: { summary: 'credit-risk: 0.55 of features drifted (≥ 0.5)' },
    });
    expect(alert.transitions[0]).toMatchObject({
      from: 'pending',
      to: 'firing',
      at: windowEndAt(1),
      reason: 'evaluation',
    });
    expect(
      (await get<{ items: AlertBody[] }>('/v1/alerts?state=firing&severity=critical')).items,
    ).toHaveLength(1);
  });

  it('an evaluation older than the last one applied is ignored', async () => {
    const stale = await share(-5, 0);
    expect(stale.alerts).toEqual([]);
    expect((await driftAlert()).state).toBe('firing');
  });

  it('a value hovering at the threshold keeps it firing: no flapping', async () => {
    const before = (await driftAlert()).transitions.length;
    let minute = 2;
    for (const value of [0.49, 0.5, 0.45, 0.52, 0.48, 0.47, 0.5, 0.41, 0.44]) await share(minute++, value);
    const alert = await driftAlert();
    expect(alert.state).toBe('firing');
    expect(alert.transitions).toHaveLength(before);
  });

  it('resolves once the value is beyond the threshold by the margin', async () => {
    await share(20, 0.39);
    const alert = await driftAlert();
    expect(alert.state).toBe('resolved');
    expect(alert.transitions[0]).toMatchObject({ from: 'firing', to: 'resolved', at: windowEndAt(20) });
  });

  it('or after three consecutive OK evaluations; a new breach is a new episode', async () => {
    await share(21, 0.7);
    await share(22, 0.7);
    expect(await driftAlert()).toMatchObject({ state: 'firing', episode: 2 });
    for (const minute of [23, 24]) await share(minute, 0.45);
    expect((await driftAlert()).state).toBe('firing');
    await share(25, 0.45);
    expect((await driftAlert()).state).toBe('resolved');
  });
});

describe('acknowledgements', () => {
  it('are recorded with who, when and why, for the current episode; a resolved alert takes none', async () => {
    const alert = await driftAlert();
    expectProblem(
      await t.request(t.adminKey, { method: 'POST', url: `/v1/alerts/${alert.id}/ack`, payload: {} }),
      409,
    );
    await share(30, 0.9);
    await share(31, 0.9);
    const reader = await createApiKey(t, { scopes: ['read'], name: 'on-call' });
    const res = await t.request(reader.key, {
      method: 'POST',
      url: `/v1/alerts/${alert.id}/ack`,
      payload: { comment: 'looking into the upstream schema change' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      episode: 3,
      by: reader.id,
      comment: 'looking into the upstream schema change',
    });
    const acked = await driftAlert();
    expect(acked.acknowledgement).toMatchObject({
      by: reader.id,
      comment: 'looking into the upstream schema change',
    });
    expect(Date.now() - Date.parse(acked.acknowledgement!.at)).toBeLessThan(60_000);
  });
});

describe('an alert with many acknowledgements (issue 8, bounded replies)', () => {
  it('lists the newest 100 and counts them all', async () => {
    const alert = await driftAlert();
    for (let i = 0; i < 105; i++) {
      const res = await t.request(t.adminKey, {
        method: 'POST',
        url: `/v1/alerts/${alert.id}/ack`,
        payload: { comment: `ack ${i}` },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const detail = await get<{ acknowledgements: { comment: string }[]; acknowledgementCount: number }>(
      `/v1/alerts/${alert.id}`,
    );
    expect(detail.acknowledgements).toHaveLength(100);
    expect(detail.acknowledgements[0]!.comment).toBe('ack 104');
    expect(detail.acknowledgementCount).toBeGreaterThanOrEqual(106);
  });
});

describe('visibility', () => {
  it('a key limited to some models sees only their alerts, and 404 for the others', async () => {
    await share(40, 0.8, 'fraud');
    const { items } = await get<{ items: AlertBody[] }>('/v1/alerts', fraudOnly.key);
    expect(items.map((a) => a.model)).toEqual(['fraud']);
    const other = await driftAlert('credit-risk');
    expectProblem(await t.request(fraudOnly.key, { method: 'GET', url: `/v1/alerts/${other.id}` }), 404);
    expectProblem(
      await t.request(fraudOnly.key, { method: 'GET', url: `/v1/alerts/${other.id}/deliveries` }),
      404,
    );
    expectProblem(
      await t.request(fraudOnly.key, { method: 'POST', url: `/v1/alerts/${other.id}/ack`, payload: {} }),
      404,
    );
  });
});

describe('per-feature rules, selectors and retiring', () => {
  it('one alert per feature, only on the models the tag selector picks', async () => {
    await put(t, '/v1/alert-rules/lending-drift', {
      models: { match: 'tags', tags: { domain: 'lending' } },
      condition: { kind: 'feature_drift' },
      comparator: '>=',
      threshold: 1,
      annotations: { summary: '{{feature}} drifted' },
    });
    const features = [
      { name: 'age', drifted: true, score: 0.4, method: 'wasserstein' },
      { name: 'income', drifted: false, score: 0.01, method: 'wasserstein' },
    ];
    // No dataset drift share (no data): the drift-share alerts keep their states.
    const common = { windowEnd: windowEndAt(50), features, datasetDriftShare: null };
    const lending = await evaluate(t, snapshot(common));
    const payments = await evaluate(t, snapshot({ ...common, modelId: 'fraud' }));
    const mine = lending.alerts.filter((a) => a.ruleId === 'lending-drift');
    expect(mine.map((a) => [a.feature, a.state])).toEqual([
      ['age', 'firing'],
      ['income', 'inactive'],
    ]);
    expect(payments.alerts.filter((a) => a.ruleId === 'lending-drift')).toEqual([]);
  });

  it('deleting a rule resolves its firing alerts, recording why', async () => {
    const { items } = await get<{ items: AlertBody[] }>('/v1/alerts?rule=lending-drift&state=firing');
    expect(items.map((a) => a.feature)).toEqual(['age']);
    expect(
      (await t.request(t.adminKey, { method: 'DELETE', url: '/v1/alert-rules/lending-drift' })).statusCode,
    ).toBe(204);
    const after = await get<AlertBody>(`/v1/alerts/${items[0]!.id}`);
    expect(after.state).toBe('resolved');
    expect(after.transitions[0]).toMatchObject({ from: 'firing', to: 'resolved', reason: 'rule_removed' });
  });

  it('narrowing a rule to other models retires the alerts of the models it no longer selects', async () => {
    const before = await driftAlert('fraud');
    expect(before.state).toBe('pending');
    const rule = await get<Record<string, unknown>>('/v1/alert-rules/drift-share');
    const { id: _i, builtin: _b, createdAt: _c, updatedAt: _u, updatedBy: _by, ...spec } = rule;
    await put(t, '/v1/alert-rules/drift-share', {
      ...spec,
      models: { match: 'models', models: ['credit-risk'] },
    });
    expect((await driftAlert('fraud')).state).toBe('inactive');
    expect((await driftAlert('credit-risk')).state).toBe('firing');
  });
});

describe('metrics', () => {
  it('/metrics exports modelwatch_alerts by model, severity and state, zeros included', async () => {
    const res = await t.request(null, { method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(
      /modelwatch_alerts\{model="credit-risk",severity="critical",state="firing"[^}]*\} 1/,
    );
    expect(res.body).toMatch(/modelwatch_alerts\{model="fraud",severity="critical",state="firing"[^}]*\} 0/);
    expect(res.body).toMatch(
      /modelwatch_notifications_total\{channel_type="slack",outcome="delivered"[^}]*\} 0/,
    );
  });
});
