import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { mulberry32 } from '../lib/random.js';
import { DEMO_MODEL, DEMO_MODEL_ID, demoEvent, type DemoEvent } from './demo-traffic.js';

const BATCH_EVERY_MS = 2_000;
const EVENTS_PER_BATCH = 50;
const OUTCOME_DELAY_MS = 20_000;
const DRIFT_AFTER_MS = 3 * 60_000;

/** The demo's admin key: the configured one, or a fresh one for this run. */
export function demoAdminKey(config: Config): string {
  return config.ADMIN_API_KEY ?? `mw_demo_${randomBytes(24).toString('base64url')}`;
}

async function call(
  base: string,
  key: string,
  method: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Registers the demo model through the public API and feeds it traffic: predictions every two
 * seconds, their outcomes twenty seconds later, and input drift after three minutes.
 * Returns a function that stops the traffic.
 */
export async function runDemoTraffic(
  base: string,
  key: string,
  log: (line: string) => void,
): Promise<() => void> {
  await call(base, key, 'PUT', `/v1/models/${DEMO_MODEL_ID}`, DEMO_MODEL);
  const random = mulberry32(42);
  const started = Date.now();
  let sequence = 0;
  const pendingOutcomes: { due: number; event: DemoEvent }[] = [];

  const tick = async () => {
    const now = Date.now();
    const drifted = now - started > DRIFT_AFTER_MS;
    const batch = Array.from({ length: EVENTS_PER_BATCH }, () =>
      demoEvent(random, `demo-${started}-${sequence++}`, now, drifted),
    );
    await call(base, key, 'POST', `/v1/models/${DEMO_MODEL_ID}/predictions`, {
      events: batch.map((e) => e.prediction),
    });
    pendingOutcomes.push(...batch.map((event) => ({ due: now + OUTCOME_DELAY_MS, event })));
    const due = pendingOutcomes.filter((p) => p.due <= now);
    if (due.length > 0) {
      pendingOutcomes.splice(0, due.length);
      await call(base, key, 'POST', `/v1/models/${DEMO_MODEL_ID}/outcomes`, {
        events: due.map((p) => ({ predictionId: p.event.prediction.predictionId, actual: p.event.actual })),
      });
    }
    if (sequence % (EVENTS_PER_BATCH * 30) === 0) {
      log(`demo: ${sequence} predictions sent${drifted ? ' (inputs drifting: age and country)' : ''}`);
    }
  };
  const timer = setInterval(() => {
    tick().catch((err: Error) => log(`demo: traffic failed: ${err.message}`));
  }, BATCH_EVERY_MS);
  return () => clearInterval(timer);
}

export function demoBanner(base: string, key: string): string {
  return `
modelwatch demo is running at ${base}

  API docs        ${base}/docs
  metrics         ${base}/metrics
  admin key       ${key}   (shown once; set ADMIN_API_KEY to choose your own)

Try:
  curl -s -H "Authorization: Bearer ${key}" ${base}/v1/models | jq
  curl -s -H "Authorization: Bearer ${key}" ${base}/v1/models/${DEMO_MODEL_ID}/audit | jq

The demo model "${DEMO_MODEL_ID}" receives ${EVENTS_PER_BATCH} predictions every ${BATCH_EVERY_MS / 1000} s and their
outcomes ${OUTCOME_DELAY_MS / 1000} s later; after ${DRIFT_AFTER_MS / 60_000} minutes its inputs drift. Ctrl-C stops it.
`;
}
