// The whole path with the real worker: events posted and folded, the scheduled evaluation of a
// drifted window, the default dataset-drift rule, the notify queue, a signed webhook on loopback.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShutdownStep } from '../../../src/lib/shutdown.js';
import { startWorker } from '../../../src/main-worker.js';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { ALERTING_TEST_ENV, eventually, put } from '../../helpers/alerting.js';
import {
  evaluationEnv,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';
import { startReceiver, type LocalReceiver } from '../../helpers/local-receiver.js';

const spec = modelSpecSchema.parse({ ...generatedSpec(), name: 'pipeline' });
let env: EvaluationEnv;
let receiver: LocalReceiver;
let stop: ShutdownStep[] = [];
let secret: string;

beforeAll(async () => {
  receiver = await startReceiver();
  env = await evaluationEnv({ ...ALERTING_TEST_ENV, EVALUATION_INTERVAL_SECONDS: '1' });
  const { t } = env;
  await putModel(t, 'pipeline', spec);
  // Slow enough that notifications queue up behind the rate limit (delays through the real worker).
  const channel = await put(t, '/v1/channels/oncall', {
    type: 'webhook',
    url: receiver.url('/hook'),
    default: true,
    rateLimit: { perSecond: 5, burst: 1 },
  });
  secret = channel.secret as string;
  // The default rule as an operator might tune it for a demo: fire on the first breaching evaluation.
  const rule = (
    await t.request(t.adminKey, { method: 'GET', url: '/v1/alert-rules/default-dataset-drift' })
  ).json<Record<string, unknown>>();
  const { id: _i, builtin: _b, createdAt: _c, updatedAt: _u, updatedBy: _by, ...ruleSpec } = rule;
  await put(t, '/v1/alert-rules/default-dataset-drift', { ...ruleSpec, for: 1 });
  // One alert per drifted feature: several notifications at once to the same channel. The rule
  // accepts many false alerts (its own alarm budget), so the window's mild shifts all count.
  await put(t, '/v1/alert-rules/feature-drift', {
    condition: { kind: 'feature_drift' },
    alarmBudget: 10_000,
    comparator: '>=',
    threshold: 1,
    annotations: { summary: '{{feature}} drifted on {{model}}' },
  });

  const now = Date.now();
  await postRows(t, 'pipeline', spec, generatedRows(600, true, 11), {
    fromMs: now - 50 * 60_000,
    toMs: now - 60_000,
    prefix: 'drifted',
  });
  stop = (await startWorker(t.container)).steps;
  const reference = await t.request(t.adminKey, {
    method: 'PUT',
    url: '/v1/models/pipeline/reference',
    payload: { rows: generatedRows(600, false, 3).map((r) => referenceRow(spec, r)) },
  });
  expect(reference.statusCode, reference.body).toBe(201);
});
afterAll(async () => {
  for (const step of stop) await step.run();
  await env?.close();
  await receiver?.close();
});

describe('from events to a delivered alert', () => {
  it('a drifted hour fires the default dataset-drift rule and the webhook receives it, signed', async () => {
    // The feature-drift rule fires too, and which notification arrives first is not fixed: verify
    // every delivery's signature, then look for the dataset-drift one.
    type Delivered = { status: string; commonLabels: Record<string, string>; modelwatch: { value: number } };
    const verify = (request: (typeof receiver.requests)[number]) =>
      new Webhook(secret).verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as Delivered;
    const body = await eventually(
      () =>
        receiver.requests
          .filter((r) => r.path === '/hook')
          .map(verify)
          .find((b) => b.commonLabels.rule === 'default-dataset-drift'),
      30_000,
    );
    expect(body).toMatchObject({
      status: 'firing',
      commonLabels: {
        alertname: 'ModelDatasetDrift',
        model: 'pipeline',
        rule: 'default-dataset-drift',
        window: '1h',
      },
    });

    // The value is the stored evaluation's dataset drift share.
    const drift = (
      await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/pipeline/drift?window=1h' })
    ).json<{
      datasetDrift: { share: number };
    }>();
    expect(drift.datasetDrift.share).toBeGreaterThanOrEqual(0.5);
    expect(body.modelwatch.value).toBe(drift.datasetDrift.share);
    const alerts = (
      await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/alerts?model=pipeline&state=firing' })
    ).json<{
      items: { ruleId: string }[];
    }>();
    expect(alerts.items.map((a) => a.ruleId)).toContain('default-dataset-drift');
  });

  it('notifications held back by the channel’s rate limit wait without spending attempts', async () => {
    const settled = await eventually(async () => {
      const { rows } = await env.t.container.pool.query<{ state: string; attempts: number }>(
        'SELECT state, attempts FROM notifications',
      );
      return rows.length >= 3 && rows.every((r) => r.state === 'delivered') ? rows : undefined;
    }, 30_000);
    // Each was sent once: the waits for a token were not attempts, nor failures.
    expect(settled.every((r) => r.attempts === 1)).toBe(true);
    const metrics = await env.t.container.metrics.registry.getSingleMetricAsString(
      'modelwatch_jobs_processed_total',
    );
    expect(metrics).toMatch(/queue="notify",outcome="delayed"[^}]*\} [1-9]/);
    expect(metrics).not.toMatch(/queue="notify",outcome="failed"/);
  });
});
