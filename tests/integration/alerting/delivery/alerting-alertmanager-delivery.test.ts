// Engine → notify queue → a real Alertmanager (Debian's prometheus-alertmanager): a firing alert
// is re-sent at every evaluation and listed by Alertmanager's own API; its resolution is sent, and
// re-sent for the configured period only; Alertmanager then no longer lists it as active.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { startAlertmanager, type AlertmanagerProcess } from '../../../helpers/alertmanager-process.js';
import { freshDatabase } from '../../../helpers/db.js';
import { snapshot, windowEndAt } from '../../../helpers/evaluation-snapshot.js';

let t: TestApp;
let am: AlertmanagerProcess;
let worker: { close(): Promise<void> };

beforeAll(async () => {
  am = await startAlertmanager(`
route:
  receiver: nowhere
receivers:
  - name: nowhere
`);
  const db = await freshDatabase();
  // ALERTING_TEST_ENV's 2 s timeout and 8 s retry horizon made a delivery give up for good once,
  // with another npm test beside this one: this test is about what is delivered, not how fast.
  const env = { ...ALERTING_TEST_ENV, NOTIFY_TIMEOUT_MS: '15000', NOTIFY_RETRY_HORIZON_MS: '120000' };
  t = await createTestApp({ databaseUrl: db.url, env });
  await registerModel(t, 'credit-risk');
  await disableDefaultRules(t);
  await put(t, '/v1/channels/am', { type: 'alertmanager', url: am.url });
  await put(t, '/v1/alert-rules/drift-share', {
    name: 'ModelDatasetDrift',
    condition: { kind: 'dataset_drift_share' },
    comparator: '>=',
    threshold: 0.5,
    resolve: { after: 1 },
    severity: 'critical',
    labels: { team: 'risk' },
    annotations: { summary: '{{model}}: {{value}} of features drifted' },
    channels: ['am'],
  });
  worker = startNotifyWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await am?.close();
});

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
  endsAt: string;
}

const active = async () => {
  const res = await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent('model="credit-risk"')}`);
  return (await res.json()) as GettableAlert[];
};
const share = (minute: number, value: number) =>
  evaluate(t, snapshot({ windowEnd: windowEndAt(minute), datasetDriftShare: value }));
/**
 * Delivery goes through the notify worker to a real Alertmanager process: on a loaded machine
 * (another npm test beside this one) that took longer than eventually()'s default 15 s. The
 * deadline is a safety net, not an expectation: polling ends as soon as the condition holds.
 */
const DELIVERY_DEADLINE_MS = 90_000;
const TEST_TIMEOUT_MS = 4 * DELIVERY_DEADLINE_MS;

/** Each notification's state once none is queued; fails at once, saying why, if one failed for good. */
const finished = async (ids: string[]) => {
  const { rows } = await t.container.pool.query<{ id: string; state: string; last_error: string | null }>(
    'SELECT id, state, last_error FROM notifications WHERE id = ANY ($1)',
    [ids],
  );
  const failed = rows.filter((r) => r.state === 'failed');
  if (failed.length > 0) throw new Error(`delivery failed: ${JSON.stringify(failed)}`);
  if (rows.length !== ids.length || rows.some((r) => r.state === 'queued')) return undefined;
  return ids.map((id) => rows.find((r) => r.id === id)!.state);
};
const delivered = async (ids: string[]) =>
  (await finished(ids))?.every((state) => state === 'delivered') ? true : undefined;

describe('an alertmanager channel', () => {
  it(
    're-sends a firing alert at every evaluation; Alertmanager lists it with our labels',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const sent = [await share(0, 0.8), await share(1, 0.9), await share(2, 0.7)].map(
        (o) => o.notifications,
      );
      expect(sent.map((n) => n.map((x) => x.status))).toEqual([['firing'], ['firing'], ['firing']]);
      const ids = sent.flat().map((n) => n.id);
      expect(new Set(ids).size).toBe(3);
      // Alertmanager keeps only the latest state: a re-send that a newer one overtook while it waited
      // (a slow worker) is cancelled, not sent (notify.job.ts). The latest is always delivered.
      const states = await eventually(() => finished(ids), DELIVERY_DEADLINE_MS);
      expect(states.at(-1)).toBe('delivered');
      for (const state of states) expect(['delivered', 'cancelled']).toContain(state);

      const [alert] = await eventually(async () => {
        const list = await active();
        return list.length === 1 ? list : undefined;
      }, DELIVERY_DEADLINE_MS);
      expect(alert).toMatchObject({
        labels: {
          alertname: 'ModelDatasetDrift',
          model: 'credit-risk',
          severity: 'critical',
          team: 'risk',
          window: '1h',
        },
        annotations: { summary: 'credit-risk: 0.7 of features drifted', value: '0.7', threshold: '0.5' },
        status: { state: 'active' },
      });
      // A lease of four evaluations of the rule's window ahead, renewed by the next one: the 1h
      // window is evaluated every 120 s (EVALUATION_WINDOW_INTERVALS' default), so 480 s, less
      // the time delivery took (a lease counted in ticks, 240 s, would lapse between two).
      expect(Date.parse(alert!.endsAt)).toBeGreaterThan(Date.now() + 300_000);
    },
  );

  it(
    'sends the resolution, which Alertmanager applies, and re-sends it only for a while',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const resolved = await share(3, 0.1);
      expect(resolved.notifications.map((n) => n.status)).toEqual(['resolved']);
      await eventually(() => delivered(resolved.notifications.map((n) => n.id)), DELIVERY_DEADLINE_MS);
      await eventually(async () => ((await active()).length === 0 ? true : undefined), DELIVERY_DEADLINE_MS);

      // Within ALERTMANAGER_RESOLVED_RESEND_MS (5 min) of the resolution: sent again; after: not.
      expect((await share(4, 0.1)).notifications.map((n) => n.status)).toEqual(['resolved']);
      expect((await share(9, 0.1)).notifications).toEqual([]);
    },
  );
});
