import type { Demo } from './start.js';
import { DEMO_MODEL_ID } from './model.js';
import type { DemoOptions } from './options.js';
import { DEMO_WINDOWS } from './settings.js';

const s = (ms: number) => `${Math.round(ms / 1000)} s`;

/** What to look at and what will happen, printed once the demo runs. */
export function demoBanner(demo: Demo, options: DemoOptions): string {
  const { base, adminKey: key } = demo;
  const { min, max } = options.outcomeDelayMs;
  const accuracy = demo.reference.accuracy === null ? '' : `, accuracy ${demo.reference.accuracy.toFixed(3)}`;
  return `
modelwatch demo is running at ${base}

  API docs        ${base}/docs
  metrics         ${base}/metrics
  fleet           ${base}/v1/fleet
  admin key       ${key}   (set ADMIN_API_KEY to choose your own)

  curl -s -H "Authorization: Bearer ${key}" ${base}/v1/fleet
  curl -s -H "Authorization: Bearer ${key}" '${base}/v1/models/${DEMO_MODEL_ID}/drift?window=${DEMO_WINDOWS.drift}'

Model "${DEMO_MODEL_ID}": a credit-risk classifier with 8 features; reference of ${demo.reference.rows.toLocaleString('en-US')} rows${accuracy}.
Traffic: ${options.rate} predictions a second; each outcome ${s(min)}–${s(max)} later.
  after ${s(options.shiftAfterMs)}: the applicant population shifts (older, mostly ES and IT): feature drift
  after ${s(options.conceptDriftAfterMs)}: defaults stop following the scores: realized accuracy drops, CBPE's estimate cannot
Alerts (rules demo-feature-drift, demo-dataset-drift, demo-accuracy-drop) go to ${demo.channels.length > 1 ? 'Alertmanager and ' : ''}a webhook receiver
on ${demo.receiver.url}, which checks each Standard Webhooks signature and prints the alert.
${options.durationSeconds > 0 ? `Stops after ${options.durationSeconds} s.` : 'Ctrl-C stops it.'} A line per evaluation of the ${DEMO_WINDOWS.drift} window; status and accuracy from the ${DEMO_WINDOWS.performance} window:
`;
}
