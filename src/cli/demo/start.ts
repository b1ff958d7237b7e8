import type { RunningRoles } from '../roles.js';
import { consoleLink } from './console.js';
import { demoApi } from './api.js';
import { setUpDemoAlerting } from './alerts.js';
import { startKpiView, type KpiReading } from './kpi-view.js';
import { startLiveView } from './live.js';
import type { DemoOptions } from './options.js';
import type { LiveReading } from './reading.js';
import { formatAlert, startAlertReceiver, type AlertReceiver, type ReceivedAlert } from './receiver.js';
import { DEMO_WINDOWS } from './settings.js';
import { registerDemoModel, type DemoReference } from './setup.js';
import { startTraffic, type Traffic } from './traffic.js';

export interface DemoOutput {
  /** A line of the live view, with what it shows. */
  reading(line: string, reading: LiveReading): void;
  /** A line of the fleet's KPIs (docs/kpis.md), printed when they change. */
  kpis(line: string, reading: KpiReading): void;
  /** An alert the demo's receiver got, its signature verified. */
  alert(line: string, alert: ReceivedAlert): void;
  /** Everything else the demo says. */
  say(line: string): void;
}

export interface Demo {
  /** Where the API listens, for people (loopback when it listens on every interface). */
  base: string;
  adminKey: string;
  reference: DemoReference;
  traffic: Traffic;
  receiver: AlertReceiver;
  /** The channels the demo's rules deliver to. */
  channels: string[];
  /** The webhook channel's signing secret (the receiver checks each delivery with it). */
  webhookSecret: string;
  /** A one-time link that signs a person in to the console (docs/console.md). */
  consoleUrl: string;
}

/** `http://0.0.0.0:8080` is where the API listens, not an address to visit. */
function visitable(url: string): string {
  return url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://[::1]:');
}

/**
 * The demo on running roles (an `all` process configured with demoConfig): registers the model
 * and its reference, a webhook channel to the demo's receiver and the demo's alert rules, all
 * through the public API, then starts the traffic and the live view. Their stop steps go in
 * front of the roles' own, so production stops before the service does.
 */
export async function startDemo(
  running: RunningRoles,
  adminKey: string,
  options: DemoOptions,
  out: DemoOutput,
): Promise<Demo> {
  if (running.url === null) throw new Error('the demo needs the API role');
  const base = visitable(running.url);
  const api = demoApi(base, adminKey);
  const io = { api, say: out.say, log: running.log };
  const reference = await registerDemoModel(api, options);
  const receiver = await startAlertReceiver((alert) => out.alert(formatAlert(alert), alert));
  // Last: deliveries in flight while the worker stops still find the receiver listening.
  running.steps.push({ name: 'close the demo receiver', run: () => receiver.close() });
  const alerting = await setUpDemoAlerting(api, receiver.url, running.container.config.ALERTMANAGER_URL);
  receiver.setSecret(alerting.secret);
  const consoleUrl = await consoleLink(api);
  const traffic = startTraffic(io, options);
  const live = startLiveView(io, {
    windows: DEMO_WINDOWS,
    pollEveryMs: options.pollEveryMs,
    print: out.reading,
  });
  const kpis = startKpiView(io, { pollEveryMs: options.pollEveryMs, print: out.kpis });
  running.steps.unshift(
    { name: 'stop demo traffic', run: () => traffic.stop() },
    { name: 'stop the live view', run: () => live.stop() },
    { name: 'stop the KPI view', run: () => kpis.stop() },
  );
  return {
    base,
    adminKey,
    reference,
    traffic,
    receiver,
    channels: alerting.channels,
    webhookSecret: alerting.secret,
    consoleUrl,
  };
}
