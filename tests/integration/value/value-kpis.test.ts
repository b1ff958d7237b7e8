/**
 * Value and impact (docs/kpis.md#value, issue 12 item 3): outcomes' business values posted through
 * the API, folded by their prediction's time and summed per window; value objectives judged over
 * their window; the fleet's value KPIs and their gauges. Every expected total is summed here from
 * the values posted; the ROC AUC objective is checked against the Mann-Whitney definition computed
 * here from the scores and labels posted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fleet, FleetModel } from '../../../src/modules/fleet/fleet.schemas.js';
import type { ModelSpecInput } from '../../../src/domain/model-spec.js';
import {
  CREDIT,
  creditEvents,
  creditOutcomes,
  foldEnv,
  MINUTE,
  spread,
  type CreditEvent,
  type FoldEnv,
} from '../../helpers/fold-env.js';
import { expectProblem } from '../../helpers/problem.js';

let env: FoldEnv;
let fleet: Fleet;
const now = Date.now();
const times = spread(now - 50 * MINUTE, 40 * MINUTE, 300);

/** Every inventory field docs/kpis.md#inventory-completeness counts, recorded. */
const FULL_INVENTORY = {
  owner: 'growth-ml',
  purpose: 'Pick the offer shown at checkout',
  intendedUse: 'Web checkout, logged-in customers',
  businessOwner: 'E-commerce',
  developerTeam: 'Growth ML',
  validator: 'Model validation',
  validation: { lastCompleted: '2026-09-01', nextDue: '2027-09-01' },
  approval: { status: 'approved' as const },
  trainingData: 's3://datasets/offers/2026-08',
  trainingDataFingerprint: `sha256:${'ab'.repeat(32)}`,
  artifact: { uri: 's3://models/offers/3/model.onnx' },
  codeVersion: 'git:9a1b2c3',
  upstream: ['orders'],
  downstream: ['checkout'],
  riskTier: 'low' as const,
};

const shopObjective = {
  metric: 'value',
  target: 500,
  window: '1h',
  description: 'margin from offers',
} as const;
const riskObjective = { metric: 'rocAuc', target: 0.6, window: '1h' } as const;

// Value per outcome: a third carry none; the others 0, 2.5, …, 15 (hand-checkable multiples of 2.5).
const valueOf = (i: number): number | null => (i % 3 === 0 ? null : (i % 7) * 2.5);

function mannWhitneyAuc(events: readonly CreditEvent[], labels: ReadonlyMap<string, number>): number {
  const pos = events.filter((e) => labels.get(e.predictionId) === 1).map((e) => e.score);
  const neg = events.filter((e) => labels.get(e.predictionId) === 0).map((e) => e.score);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

async function toProduction(id: string): Promise<void> {
  for (const status of ['validation', 'approved', 'production']) {
    const res = await env.t.request(env.t.adminKey, {
      method: 'POST',
      url: `/v1/models/${id}/lifecycle`,
      payload: { status, comment: 'test' },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

async function postAndFold(id: string, events: CreditEvent[], outcomes: object[]): Promise<void> {
  await env.fold(id, 'predictions', await env.post(id, 'predictions', events));
  await env.fold(id, 'outcomes', await env.post(id, 'outcomes', outcomes));
}

const shopEvents = creditEvents('shop', times);
const shopOutcomes = creditOutcomes(shopEvents).map((o, i) => ({ ...o, value: valueOf(i) ?? undefined }));
const shopTotal = shopOutcomes.reduce((sum, o) => sum + (o.value ?? 0), 0);
const shopValued = shopOutcomes.filter((o) => o.value !== undefined).length;
const riskEvents = creditEvents('risk', times, 7);
const riskOutcomes = creditOutcomes(riskEvents, 8);

/** The credit model with more inventory (CREDIT is typed as any task's spec). */
const credit = (extra: object) => ({ ...CREDIT, ...extra }) as ModelSpecInput;

beforeAll(async () => {
  env = await foldEnv({
    env: { EXPORT_MODEL_METRICS: 'worker' },
    models: {
      shop: credit({ ...FULL_INVENTORY, valueObjective: shopObjective }),
      risk: credit({ validation: { nextDue: '2020-01-01' }, valueObjective: riskObjective }),
      bare: CREDIT,
    },
  });
  await toProduction('shop');
  await toProduction('risk');
  await postAndFold('shop', shopEvents, shopOutcomes);
  await postAndFold('risk', riskEvents, riskOutcomes);
  const end = new Date(now + MINUTE);
  for (const window of ['5m', '1h']) await env.t.container.evaluations.evaluateWindow('shop', window, end);
  const judged = await env.t.container.value.judgeAll();
  expect(judged).toEqual({ judged: 2, failed: [] });
  const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' });
  expect(res.statusCode, res.body).toBe(200);
  fleet = res.json<Fleet>();
});

const model = (id: string): FleetModel => fleet.models.find((m) => m.id === id)!;

describe("outcomes' values", () => {
  it('are summed per window by the evaluation, counting only outcomes that carry one', async () => {
    expect(shopValued).toBe(200); // 300 outcomes, a third without a value
    expect(model('shop').value['1h']).toEqual({ count: shopValued, sum: shopTotal });
    // The 5m window ends a minute after now; the events stop 10 minutes before it: nothing in it.
    expect(model('shop').value['5m']).toEqual({ count: 0, sum: 0 });
    const res = await env.t.request(env.t.adminKey, {
      method: 'GET',
      url: '/v1/models/shop/evaluations?window=1h',
    });
    expect(res.json().items[0].outcomeValue).toEqual({ count: shopValued, sum: shopTotal });
  });

  it('are refused when not a finite number, pointing at the value', async () => {
    const res = await env.t.request(env.t.adminKey, {
      method: 'POST',
      url: '/v1/models/shop/outcomes',
      payload: { events: [{ predictionId: 'shop-1', actual: 1, value: 'lots' }] },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().rejected[0].errors[0]).toMatchObject({ pointer: '/events/0/value' });
  });
});

describe('value objectives', () => {
  it('judge the value total over the objective window', () => {
    expect(model('shop').objective).toMatchObject({
      metric: 'value',
      target: 500,
      direction: 'at_least',
      window: '1h',
      observed: shopTotal,
      met: shopTotal >= 500,
      valueSum: shopTotal,
      labelled: 300,
    });
  });

  it('judge a realized metric over the window, as its definition gives it', () => {
    const labels = new Map(riskOutcomes.map((o) => [o.predictionId, o.actual]));
    const auc = mannWhitneyAuc(riskEvents, labels);
    const objective = model('risk').objective!;
    // From tiles, ROC AUC is read off a score grid: within 0.005 of exact
    // (docs/statistics.md#error-bounds-from-tiles). The exact value is far from the target.
    expect(Math.abs(objective.observed! - auc)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(auc - 0.6)).toBeGreaterThan(0.05);
    expect(objective.met).toBe(auc >= 0.6);
    expect(objective.reason).toMatch(/^rocAuc 0\.\d+ [≥<] target 0\.6 over the last 1h$/);
  });

  it('are validated against the task, pointing at the field', async () => {
    for (const [objective, pointer] of [
      [{ ...riskObjective, metric: 'mae' }, '/valueObjective/metric'],
      [{ ...riskObjective, window: '90d' }, '/valueObjective/window'],
      [{ ...riskObjective, target: 'high' }, '/valueObjective/target'],
    ] as const) {
      const res = await env.t.request(env.t.adminKey, {
        method: 'PUT',
        url: '/v1/models/bare',
        payload: { ...CREDIT, valueObjective: objective },
      });
      const problem = expectProblem(res, 400);
      expect(problem.errors!.map((e) => e.pointer)).toContain(pointer);
    }
  });

  it('are audited when changed, and a changed objective waits for its own judgement', async () => {
    const res = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: '/v1/models/risk',
      payload: {
        ...CREDIT,
        validation: { nextDue: '2020-01-01' },
        valueObjective: { ...riskObjective, target: 0.99 },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/risk/audit' });
    expect(audit.json().items[0].changes).toEqual([
      { path: '/valueObjective/target', before: 0.6, after: 0.99 },
    ]);
    const after = (await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' })).json<Fleet>();
    expect(after.models.find((m) => m.id === 'risk')!.objective).toMatchObject({
      target: 0.99,
      met: null,
      reason: 'not judged yet',
    });
    await env.t.container.value.judgeAll();
    const judged = (await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' })).json<Fleet>();
    expect(judged.models.find((m) => m.id === 'risk')!.objective!.met).toBe(false);
  });
});

describe('the fleet value KPIs', () => {
  it('count production models meeting their objective, fresh evidence, completeness and overdue validations', () => {
    const labels = new Map(riskOutcomes.map((o) => [o.predictionId, o.actual]));
    const meeting = Number(shopTotal >= 500) + Number(mannWhitneyAuc(riskEvents, labels) >= 0.6);
    expect(fleet.kpis.value).toEqual({
      productionModels: 2, // bare stays in development
      withObjective: 2,
      meetingObjective: meeting,
      deliveringValueShare: meeting / 2,
      // shop was evaluated and labelled within its hour; risk was labelled but never evaluated.
      freshEvidenceShare: 1 / 2,
      totalValue: { '5m': 0, '1h': shopTotal, '24h': 0 },
      // shop records all 17 fields; risk its validation date and objective; bare none.
      inventoryCompleteness: (1 + 2 / 17 + 0) / 3,
      completeInventories: 1,
      overdueValidations: 1,
    });
    expect(model('bare').inventoryCompleteness.missing).toHaveLength(17);
    expect(model('risk').inventoryCompleteness.missing).not.toContain('validation.nextDue');
  });

  it('are exported as gauges', async () => {
    const text = (await env.t.request(null, { method: 'GET', url: '/metrics' })).body;
    const sample = (line: string) => Number(new RegExp(`^${line} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(sample('modelwatch_fleet_production_models(?:\\{[^}]*\\})?')).toBe(2);
    expect(sample('modelwatch_fleet_overdue_validations(?:\\{[^}]*\\})?')).toBe(1);
    expect(sample('modelwatch_fleet_value\\{[^}]*window="1h"[^}]*\\}')).toBe(shopTotal);
    expect(sample('modelwatch_model_value\\{[^}]*model="shop"[^}]*window="1h"[^}]*\\}')).toBe(shopTotal);
    expect(sample('modelwatch_model_objective_met\\{[^}]*model="shop"[^}]*\\}')).toBe(
      shopTotal >= 500 ? 1 : 0,
    );
  });
});
