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
  const alertmanager = demo.channels.length > 1 ? 'Alertmanager and ' : '';
  return `
modelwatch demo is running at ${base}  (API docs at /docs, metrics at /metrics)

  # the admin key (set ADMIN_API_KEY to choose it), and two reads:
  export MW=${base} MW_KEY=${key}
  curl -sH "Authorization: Bearer $MW_KEY" $MW/v1/fleet
  curl -sH "Authorization: Bearer $MW_KEY" "$MW/v1/models/${DEMO_MODEL_ID}/drift?window=${DEMO_WINDOWS.drift}"

  # the operator console: this link signs you in once, within an hour (docs/console.md):
  ${demo.consoleUrl}

Model "${DEMO_MODEL_ID}": a credit-risk classifier with 8 features.
Reference: ${demo.reference.rows.toLocaleString('en-US')} rows${accuracy}.
Traffic: ${options.rate} predictions a second; each outcome ${s(min)}–${s(max)} later.
  after ${s(options.shiftAfterMs)}: the applicants shift (older, mostly ES and IT): feature drift
  after ${s(options.conceptDriftAfterMs)}: defaults stop following the scores: realized accuracy drops,
    CBPE's estimate, which sees only scores, cannot tell
Alerts (demo-feature-drift, demo-dataset-drift, demo-accuracy-drop) go to ${alertmanager}a webhook
receiver on ${demo.receiver.url}, which checks each signature and prints the alert.
Data: database ${options.database} and Redis prefix {${options.database}},
  ${options.keep ? 'kept when the demo stops (--keep)' : 'removed when the demo stops (--keep keeps them)'}.
${options.durationSeconds > 0 ? `Stops after ${options.durationSeconds} s.` : 'Ctrl-C stops it.'} A line when something changes: drift of the ${DEMO_WINDOWS.drift} window;
status and accuracy (realized, CBPE-estimated) of the ${DEMO_WINDOWS.performance} window; and the
fleet's KPIs (docs/kpis.md): the model's value objective (loans' interest less default losses
over ${DEMO_WINDOWS.performance}, at least 0), the shares delivering value and with fresh evidence,
inventory completeness and MTTD:
`;
}
