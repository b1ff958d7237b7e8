/**
 * `modelwatch demo` in-process, against the test Postgres and Redis and a real Alertmanager, on a
 * fast clock: the model, its reference, a webhook channel and the demo's rules are set through the
 * API, traffic flows, the population shifts after a few seconds, and the live view must print an
 * evaluation with drifted features and status `drifting`; an alert must reach the demo's receiver
 * signed (checked by the receiver and again by the `standardwebhooks` library) and Alertmanager.
 * Expected values are the demo's own story (src/cli/demo/applicants.ts): the shift moves age and
 * country, and the features that follow age.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DEFAULT_DEMO_OPTIONS, type DemoOptions } from '../../src/cli/demo/options.js';
import type { LiveReading } from '../../src/cli/demo/reading.js';
import { demoConfig } from '../../src/cli/demo/settings.js';
import { startDemo, type Demo } from '../../src/cli/demo/start.js';
import { startRoles, stopRoles, type RunningRoles } from '../../src/cli/roles.js';
import { startAlertmanager, type AlertmanagerProcess } from '../helpers/alertmanager-process.js';
import { freshDatabase } from '../helpers/db.js';
import { eventually } from '../helpers/eventually.js';
import { cleanupPrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRETS_KEY } from '../helpers/secrets.js';

const FAST: DemoOptions = {
  ...DEFAULT_DEMO_OPTIONS,
  rate: 60,
  shiftAfterMs: 8_000,
  conceptDriftAfterMs: 20_000,
  outcomeDelayMs: { min: 2_000, max: 5_000 },
  batchEveryMs: 500,
  referenceRows: 2_000,
  pollEveryMs: 500,
};

const adminKey = `mw_test_demo_${'x'.repeat(24)}`;
const prefix = uniquePrefix();
const redis = testRedis();
const lines: string[] = [];
const readings: LiveReading[] = [];
const alertLines: string[] = [];
const said: string[] = [];
let alertmanager: AlertmanagerProcess | undefined;
let running: RunningRoles | undefined;
let demo: Demo;

beforeAll(async () => {
  alertmanager = await startAlertmanager('route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
  const db = await freshDatabase();
  const parsed = parseConfig({
    DATABASE_URL: db.url,
    SECRETS_KEY: TEST_SECRETS_KEY,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ALERTMANAGER_URL: alertmanager.url,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  // The demo's own settings, evaluated every 2 s (and 1 s after a fold) so that the test is quick.
  const config = {
    ...demoConfig(parsed.config, adminKey),
    EVALUATION_INTERVAL_SECONDS: 2,
    EVALUATION_DEBOUNCE_MS: 1_000,
  };
  running = await startRoles('all', config);
  demo = await startDemo(running, adminKey, FAST, {
    reading: (line, reading) => {
      lines.push(line);
      readings.push(reading);
    },
    alert: (line) => alertLines.push(line),
    say: (line) => said.push(line),
  });
});

afterAll(async () => {
  if (running) await stopRoles(running);
  await alertmanager?.close();
  await cleanupPrefix(redis, prefix);
});

describe('modelwatch demo', () => {
  it('registers the model, a labelled reference and both alert channels through the API', () => {
    expect(demo.reference.rows).toBe(FAST.referenceRows);
    expect(demo.reference.labelled).toBe(FAST.referenceRows);
    expect(demo.reference.accuracy).toBeGreaterThan(0.7);
    expect(demo.channels).toEqual(['demo-receiver', 'demo-alertmanager']);
  });

  it('prints drifted features and the status drifting once the population shifts', async () => {
    const drifting = await eventually(
      () => readings.find((r) => r.status === 'drifting' && r.driftedFeatures.length > 0),
      120_000,
    );
    // The shift moves age and country directly (applicants.ts); both must be among those flagged.
    expect(drifting.driftedFeatures).toEqual(expect.arrayContaining(['age', 'country']));
    expect(drifting.driftShare).toBeGreaterThanOrEqual(0.5);
    expect(drifting.estimatedAccuracy).not.toBeNull();

    const line = lines[readings.indexOf(drifting)]!;
    expect(line).toMatch(/^\d\d:\d\d:\d\d {2}drifting /);
    expect(line).toContain(`drift 1m: ${drifting.driftedFeatures.length}/8 features`);
    expect(line).toContain(`share ${drifting.driftShare!.toFixed(2)}`);
    for (const feature of drifting.driftedFeatures) expect(line).toContain(feature);
    expect(line).toMatch(/accuracy 5m: realized (\d\.\d{3}|–), estimated \d\.\d{3}, labels \d+%/);
    expect(said.some((s) => s.includes('population shifts'))).toBe(true);
  }, 150_000);

  it('reports label coverage once outcomes arrive', async () => {
    const labelled = await eventually(
      () => readings.find((r) => r.labelled > 0 && r.labelCoverage !== null && r.labelCoverage > 0),
      60_000,
    );
    expect(labelled.realizedAccuracy).not.toBeNull();
    expect(lines[readings.indexOf(labelled)]).toContain(
      `labels ${Math.round(labelled.labelCoverage! * 100)}%`,
    );
  }, 90_000);

  it('delivers the drift alerts to the receiver, signed, and prints them', async () => {
    const datasetAlert = await eventually(
      () => demo.receiver.alerts.find((a) => a.rule === 'demo-dataset-drift' && a.status === 'firing'),
      120_000,
    );
    expect(datasetAlert).toMatchObject({ model: 'credit-risk-demo', threshold: 0.5, severity: 'warning' });
    expect(datasetAlert.value).toBeGreaterThanOrEqual(0.5);
    const featureAlerts = demo.receiver.alerts.filter((a) => a.rule === 'demo-feature-drift');
    expect(featureAlerts.map((a) => a.feature)).toEqual(expect.arrayContaining(['age']));
    expect(demo.receiver.refused).toBe(0);

    // The receiver's check is ours; the same deliveries verify with the standardwebhooks library.
    const webhook = new Webhook(demo.webhookSecret);
    for (const delivery of demo.receiver.deliveries) {
      expect(() => webhook.verify(delivery.body, delivery.headers)).not.toThrow();
    }
    const line = alertLines.find((l) => l.includes('demo-dataset-drift'))!;
    expect(line).toContain('alert FIRING  demo-dataset-drift (warning)  model credit-risk-demo');
    expect(line).toContain(`value ${Number(datasetAlert.value!.toFixed(3))}, threshold 0.5`);
    expect(line).toContain('signature verified');
  }, 150_000);

  it('sends them to Alertmanager too (ALERTMANAGER_URL)', async () => {
    const filter = encodeURIComponent('model="credit-risk-demo"');
    const alerts = await eventually(async () => {
      const res = await fetch(`${alertmanager!.url}/api/v2/alerts?filter=${filter}`);
      const found = (await res.json()) as { labels: Record<string, string> }[];
      return found.some((a) => a.labels.alertname === 'DemoDatasetDrift') ? found : undefined;
    }, 60_000);
    expect(alerts.find((a) => a.labels.alertname === 'DemoDatasetDrift')!.labels).toMatchObject({
      model: 'credit-risk-demo',
      rule: 'demo-dataset-drift',
      window: '5m',
      team: 'demo',
    });
  }, 90_000);
});
