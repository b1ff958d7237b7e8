/**
 * The scripted model of tests/integration/evidence/evidence.test.ts. Registered before the period begins;
 * within it: a spec change, a lifecycle move, a reference, traffic evaluated by the real
 * evaluation service (windows 5m and 1h, some ends before the period), and a drift alert that
 * fires, is delivered to a webhook, acknowledged and resolved (the rule engine on snapshots).
 */
import { expect } from 'vitest';
import { modelSpecSchema } from '../../src/domain/model-spec.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import { disableDefaultRules, eventually, evaluate, put, startNotifyWorker } from './alerting.js';
import type { TestApp } from './app.js';
import { snapshot } from './evaluation-snapshot.js';
import { minuteEnd, postRows, referenceRow } from './evaluation-env.js';
import type { LocalReceiver } from './local-receiver.js';
import { seededRandom } from './random.js';

export const MODEL = 'credit-risk';
/** Escaped in the page, never markup. */
export const HOSTILE = '<script>alert(1)</script> & "quotes"';

const specInput = (ageThreshold?: number) => ({
  name: 'Credit risk',
  task: 'binary_classification',
  description: `Scores applicants ${HOSTILE}`,
  features: [
    { name: 'age', type: 'numerical', ...(ageThreshold ? { drift: { threshold: ageThreshold } } : {}) },
    { name: 'income', type: 'numerical' },
  ],
});

function rows(n: number, ageShift: number, seed: number): TypedRow[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const age = 40 + ageShift + 10 * rng.normal();
    const score = 1 / (1 + Math.exp(-(age - 40) / 10));
    return {
      features: [age, 3 + rng.normal()],
      prediction: score >= 0.5 ? '1' : '0',
      score,
      scores: null,
      actual: rng.uniform() < 0.5 ? (rng.uniform() < score ? '1' : '0') : null,
    };
  });
}

export interface EvidenceWorld {
  /** The period's start: after the model's registration, before everything else. */
  from: Date;
  alertId: string;
}

export async function buildEvidenceWorld(t: TestApp, receiver: LocalReceiver): Promise<EvidenceWorld> {
  await put(t, `/v1/models/${MODEL}`, specInput());
  await disableDefaultRules(t);
  // Entries count from their millisecond: the period starts after the registration's.
  await new Promise((r) => setTimeout(r, 5));
  const from = new Date();
  await put(t, `/v1/models/${MODEL}`, specInput(0.25));
  const moved = await t.request(t.adminKey, {
    method: 'POST',
    url: `/v1/models/${MODEL}/lifecycle`,
    payload: { status: 'validation', comment: 'quarterly review' },
  });
  expect(moved.statusCode, moved.body).toBe(200);

  const spec = modelSpecSchema.parse(specInput(0.25));
  const reference = await t.request(t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${MODEL}/reference`,
    payload: { rows: rows(400, 0, 1).map((r) => referenceRow(spec, r)) },
  });
  expect(reference.statusCode, reference.body).toBe(201);
  await postRows(t, MODEL, spec, rows(400, 8, 2), {
    fromMs: Date.now() - 50 * 60_000,
    toMs: Date.now(),
    prefix: 'p',
  });
  // Window ends in the period (the current minute's end and later) and two before it.
  for (const window of ['5m', '1h']) {
    for (const minutesAgo of [10, 5, 0, -1, -2]) {
      const stored = await t.container.evaluations.evaluateWindow(
        MODEL,
        window,
        new Date(minuteEnd(minutesAgo)),
      );
      expect(stored).not.toBeNull();
    }
  }

  await put(t, '/v1/channels/ops', { type: 'webhook', url: receiver.url('/hook') });
  await put(t, '/v1/alert-rules/age-drift', {
    models: { match: 'models', models: [MODEL] },
    condition: { kind: 'feature_drift', measure: 'score', features: ['age'] },
    comparator: '>=',
    threshold: 0.2,
    window: '1h',
    resolve: { after: 1 },
    severity: 'critical',
    channels: ['ops'],
    annotations: { summary: '{{feature}} drifted on {{model}}' },
  });
  const worker = startNotifyWorker(t);
  try {
    // It fires as the period begins, is acknowledged now, and resolves two minutes later.
    const at = (seconds: number) => new Date(from.getTime() + seconds * 1000).toISOString();
    const observe = (seconds: number, age: number) =>
      evaluate(
        t,
        snapshot({
          modelId: MODEL,
          windowEnd: at(seconds),
          features: [
            { name: 'age', drifted: age >= 0.2, score: age, method: 'wasserstein' },
            { name: 'income', drifted: false, score: 0.01, method: 'wasserstein' },
          ],
        }),
      );
    const fired = await observe(0.001, 0.4);
    const alertId = fired.alerts[0]!.id;
    expect(fired.alerts[0]).toMatchObject({ state: 'firing' });
    const ack = await t.request(t.adminKey, {
      method: 'POST',
      url: `/v1/alerts/${alertId}/ack`,
      payload: { comment: 'looking <b>now</b>' },
    });
    expect(ack.statusCode, ack.body).toBe(201);
    expect((await observe(120, 0.05)).alerts[0]).toMatchObject({ state: 'resolved' });
    await eventually(async () => {
      const res = await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts/${alertId}/deliveries` });
      const items = res.json<{ items: { state: string }[] }>().items;
      return items.length === 2 && items.every((d) => d.state === 'delivered') ? true : undefined;
    });
    return { from, alertId };
  } finally {
    await worker.close();
  }
}
