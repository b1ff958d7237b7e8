// Delivery through the real notify queue, worker, outbound guard and a receiver on loopback: a
// receiver down for a while gets everything once it is back (one of each after deduplication by
// id), silences hold notifications back until they end, each channel keeps its rate limit, and
// the reconciler re-enqueues what Redis lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookPayload } from '../../../../src/modules/alerting/channels/webhook.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import {
  ALERTING_TEST_ENV,
  disableDefaultRules,
  evaluate,
  eventually,
  put,
  registerModel,
  startNotifyWorker,
} from '../../../helpers/alerting.js';
import { freshDatabase } from '../../../helpers/db.js';
import { snapshot, windowEndAt } from '../../../helpers/evaluation-snapshot.js';
import { startReceiver, type LocalReceiver, type ReceivedRequest } from '../../../helpers/local-receiver.js';

let t: TestApp;
let receiver: LocalReceiver;
let down = false;
/** Each request with the status it was answered with. */
const answered: (ReceivedRequest & { status: number; receivedAt: number })[] = [];
let worker: { close(): Promise<void> };

const MODELS = ['m1', 'm2', 'm3', 'm4', 'quiet', 'slow-1', 'slow-2', 'slow-3', 'slow-4', 'am-1'];
const lane = (model: string) => (model.startsWith('slow') ? 'slow' : model.startsWith('am') ? 'am' : 'fast');

beforeAll(async () => {
  receiver = await startReceiver((req, res) => {
    const status = down ? 503 : 200;
    answered.push({ ...req, status, receivedAt: Date.now() });
    res.statusCode = status;
    res.end(down ? 'upstream unavailable: internal detail that must never be shown' : 'ok');
  });
  const db = await freshDatabase();
  // The reconciler (run by hand below) takes any notification still queued as lost.
  const env = { ...ALERTING_TEST_ENV, NOTIFY_RECONCILE_AFTER_MS: '1' };
  t = await createTestApp({ databaseUrl: db.url, env, role: 'all' });
  for (const model of MODELS) await registerModel(t, model, { lane: lane(model) });
  await disableDefaultRules(t);
  await put(t, '/v1/channels/ops', { type: 'webhook', url: receiver.url('/hook'), default: true });
  await put(t, '/v1/channels/slow', {
    type: 'slack',
    url: receiver.url('/slack'),
    rateLimit: { perSecond: 2, burst: 1 },
  });
  const rule = {
    condition: { kind: 'dataset_drift_share' },
    comparator: '>=',
    threshold: 0.5,
    for: 1,
    resolve: { after: 1 },
    annotations: { summary: '{{model}} drifted' },
  };
  await put(t, '/v1/alert-rules/fast-drift', { ...rule, models: { match: 'tags', tags: { lane: 'fast' } } });
  await put(t, '/v1/alert-rules/slow-drift', {
    ...rule,
    models: { match: 'tags', tags: { lane: 'slow' } },
    channels: ['slow'],
  });
  await put(t, '/v1/channels/am-local', { type: 'alertmanager', url: receiver.url('/am') });
  await put(t, '/v1/alert-rules/am-drift', {
    ...rule,
    models: { match: 'tags', tags: { lane: 'am' } },
    channels: ['am-local'],
  });
  worker = startNotifyWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await receiver?.close();
});

const share = (model: string, minute: number, value: number) =>
  evaluate(t, snapshot({ modelId: model, windowEnd: windowEndAt(minute), datasetDriftShare: value }));
const ids = (outcomes: Awaited<ReturnType<typeof share>>[]) =>
  outcomes.flatMap((o) => o.notifications.filter((n) => !n.suppressed).map((n) => n.id));
const webhookId = (r: ReceivedRequest) => String(r.headers['webhook-id']);
const deliveredIds = () => answered.filter((r) => r.status === 200 && r.path === '/hook').map(webhookId);

describe('a receiver that is down for a while, then up', () => {
  it('receives every notification once it is back; deduplicating by id leaves exactly one of each', async () => {
    down = true;
    const outcomes = [
      await share('m1', 0, 0.9), // m1 fires
      await share('m2', 0, 0.9), // m2 fires
      await share('m1', 1, 0.1), // m1 resolves
      await share('m1', 2, 0.8), // m1 fires again: a new episode, a new notification
      await share('m3', 0, 0.7),
    ];
    const expected = ids(outcomes);
    expect(expected).toHaveLength(5);
    expect(new Set(expected).size).toBe(5);

    // Several attempts fail while the receiver is down: of each alert's first notification (the
    // later ones about m1 wait for it, so that they cannot overtake it).
    const firstOfEach = [expected[0]!, expected[1]!, expected[4]!];
    const refused = (id: string) => answered.filter((r) => webhookId(r) === id && r.status === 503).length;
    await eventually(() => (firstOfEach.every((id) => refused(id) >= 3) ? true : undefined));
    expect(deliveredIds()).toEqual([]);
    down = false;

    await eventually(() => (expected.every((id) => deliveredIds().includes(id)) ? true : undefined));
    // Give any stray duplicate a moment to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    const delivered = deliveredIds();
    expect([...new Set(delivered)].sort()).toEqual([...expected].sort());
    for (const id of expected) expect(delivered.filter((d) => d === id)).toHaveLength(1);

    // Every attempt carried the same id and the same body: receivers can deduplicate on either.
    for (const id of expected) {
      const bodies = new Set(answered.filter((r) => webhookId(r) === id).map((r) => r.body));
      expect(bodies.size).toBe(1);
    }
    // One alert's notifications arrive in the order they were decided, retries or not:
    // m1 firing, resolved, firing again (a receiver such as PagerDuty depends on it).
    const m1 = answered
      .filter((r) => r.status === 200 && r.path === '/hook')
      .map((r) => JSON.parse(r.body) as { status: string; modelwatch: { model: string } })
      .filter((b) => b.modelwatch.model === 'm1')
      .map((b) => b.status);
    expect(m1).toEqual(['firing', 'resolved', 'firing']);

    // Links open the console's pages (under PUBLIC_URL), where a browser can sign in; a tool can
    // follow the API links instead.
    const [first] = answered
      .filter((r) => r.status === 200 && r.path === '/hook')
      .map((r) => JSON.parse(r.body) as WebhookPayload)
      .filter((b) => b.modelwatch.model === 'm1');
    const fingerprint = first!.modelwatch.fingerprint;
    expect(first!.alerts[0]!.generatorURL).toBe(`https://modelwatch.example/ui/alerts/${fingerprint}`);
    expect(first!.modelwatch.links).toEqual([
      { text: 'Model', href: 'https://modelwatch.example/ui/models/m1' },
      { text: 'Alert (API)', href: `https://modelwatch.example/v1/alerts/${fingerprint}` },
      {
        text: 'Evaluations (API)',
        href: expect.stringMatching(/^https:\/\/modelwatch\.example\/v1\/models\/m1\/evaluations\?window=/),
      },
    ]);
  });

  it('logs each attempt with its status code and duration, never the body', async () => {
    const alerts = (await t.request(t.adminKey, { method: 'GET', url: '/v1/alerts?model=m2' })).json<{
      items: { id: string }[];
    }>();
    const res = await t.request(t.adminKey, {
      method: 'GET',
      url: `/v1/alerts/${alerts.items[0]!.id}/deliveries`,
    });
    expect(res.statusCode).toBe(200);
    const [delivery] = res.json<{
      items: { state: string; attempts: { statusCode: number; outcome: string; durationMs: number }[] }[];
    }>().items;
    expect(delivery?.state).toBe('delivered');
    const attempts = delivery!.attempts;
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.slice(0, -1).every((a) => a.statusCode === 503 && a.outcome === 'server_error')).toBe(
      true,
    );
    expect(attempts.at(-1)).toMatchObject({ statusCode: 200, outcome: 'delivered' });
    expect(attempts.every((a) => a.durationMs >= 0)).toBe(true);
    expect(res.body).not.toContain('internal detail');

    const metrics = (await t.request(null, { method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /modelwatch_notifications_total\{channel_type="webhook",outcome="delivered"[^}]*\} 5\b/,
    );
    const retried =
      /modelwatch_notifications_total\{channel_type="webhook",outcome="retried"[^}]*\} (\d+)/.exec(metrics);
    // At least three refusals of each alert's first notification (see the test above).
    expect(Number(retried?.[1])).toBeGreaterThanOrEqual(9);
  });
});

describe('an alertmanager channel after an outage', () => {
  it('gets the latest state of each alert, not every re-send it missed', async () => {
    down = true;
    const posts = () => answered.filter((r) => r.path === '/am/api/v2/alerts');
    const outcomes = [await share('am-1', 0, 0.6)];
    await eventually(() => (posts().length >= 2 ? true : undefined));
    outcomes.push(await share('am-1', 1, 0.7), await share('am-1', 2, 0.8));
    down = false;
    const [last] = outcomes.at(-1)!.notifications;
    await eventually(async () => {
      const { rows } = await t.container.pool.query(`SELECT state FROM notifications WHERE id = $1`, [
        last!.id,
      ]);
      return rows[0]?.state === 'delivered' ? true : undefined;
    });
    const accepted = posts().filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    const [alert] = JSON.parse(accepted[0]!.body) as { annotations: Record<string, string> }[];
    expect(alert?.annotations.value).toBe('0.8');
    const { rows } = await t.container.pool.query<{ state: string }>(
      `SELECT n.state FROM notifications n JOIN alerts a ON a.id = n.alert_id
        WHERE a.model_id = 'am-1' ORDER BY n.decided_at`,
    );
    expect(rows.map((r) => r.state)).toEqual(['cancelled', 'cancelled', 'delivered']);
  });
});

describe('silences', () => {
  it('hold a notification back; after the silence ends, the next evaluation sends it', async () => {
    const silence = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/silences',
      payload: {
        matchers: [{ name: 'model', value: 'quiet' }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'maintenance',
      },
    });
    expect(silence.statusCode).toBe(201);
    const first = await share('quiet', 0, 0.9);
    const second = await share('quiet', 1, 0.9);
    const [held] = first.notifications;
    expect(held).toMatchObject({ status: 'firing', suppressed: true });
    expect(second.notifications).toEqual([held]);
    await new Promise((r) => setTimeout(r, 500));
    expect(answered.filter((r) => webhookId(r) === held!.id)).toEqual([]);

    const alertId = first.alerts[0]!.id;
    const log = await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts/${alertId}/deliveries` });
    expect(log.json()).toMatchObject({
      items: [
        { id: held!.id, state: 'suppressed', silenceId: silence.json<{ id: string }>().id, attempts: [] },
      ],
    });
    const listed = await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts/${alertId}` });
    expect(listed.json()).toMatchObject({ state: 'firing', silencedBy: [silence.json<{ id: string }>().id] });

    await t.request(t.adminKey, {
      method: 'DELETE',
      url: `/v1/silences/${silence.json<{ id: string }>().id}`,
    });
    const third = await share('quiet', 2, 0.9);
    expect(third.notifications).toEqual([{ ...held, suppressed: false }]);
    await eventually(() => (deliveredIds().includes(held!.id) ? true : undefined));
    expect(deliveredIds().filter((id) => id === held!.id)).toHaveLength(1);
  });
});

describe('rate limit per channel', () => {
  it('spaces deliveries to a channel at its rate, across the whole queue', async () => {
    const before = answered.filter((r) => r.path === '/slack').length;
    for (const model of ['slow-1', 'slow-2', 'slow-3', 'slow-4']) await share(model, 0, 0.9);
    const arrivals = await eventually(() => {
      const slack = answered.filter((r) => r.path === '/slack' && r.status === 200).slice(before);
      return slack.length >= 4 ? slack : undefined;
    });
    expect(arrivals).toHaveLength(4);
    // 2 per second with a burst of 1: at least 500 ms apart (the server side of the bucket, with
    // a little slack for the receiver's own timing).
    const times = arrivals.map((r) => r.receivedAt);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(450);
  });
});

describe('reconciler', () => {
  it('enqueues again a notification that Postgres holds as queued but Redis lost', async () => {
    await worker.close();
    const outcome = await share('m4', 0, 0.9);
    const [notification] = outcome.notifications;
    const queue = t.container.queues.get('notify');
    await queue.remove(notification!.id);
    expect(await queue.getJob(notification!.id)).toBeUndefined();

    expect(await t.container.alerting.reconciler.runOnce()).toBe(1);
    worker = startNotifyWorker(t);
    await eventually(() => (deliveredIds().includes(notification!.id) ? true : undefined));
  });
});
