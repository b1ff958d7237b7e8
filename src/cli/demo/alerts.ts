import type { DemoApi } from './api.js';
import { DEMO_MODEL_ID } from './model.js';
import { DEMO_WINDOWS } from './settings.js';

const WEBHOOK_CHANNEL = 'demo-receiver';
const ALERTMANAGER_CHANNEL = 'demo-alertmanager';

/**
 * The demo's alert rules, for its model only, as an operator would write them for this story:
 * features drifting (one alert per feature), the dataset drifting, and realized accuracy falling
 * below the reference's. Each fires on the second breaching evaluation (`for: 2`), so a single
 * noisy window does not page anyone.
 */
function demoRules(channels: string[]) {
  const common = {
    models: { match: 'models', models: [DEMO_MODEL_ID] },
    for: 2,
    channels,
    labels: { team: 'demo' },
  };
  return {
    'demo-feature-drift': {
      ...common,
      name: 'DemoFeatureDrift',
      condition: { kind: 'feature_drift', measure: 'verdict' },
      comparator: '>=',
      threshold: 1,
      window: DEMO_WINDOWS.drift,
      severity: 'info',
      annotations: { summary: '{{feature}} of {{model}} drifted from the reference over {{window}}' },
    },
    'demo-dataset-drift': {
      ...common,
      name: 'DemoDatasetDrift',
      condition: { kind: 'dataset_drift_share' },
      comparator: '>=',
      threshold: 0.5,
      window: DEMO_WINDOWS.performance,
      severity: 'warning',
      annotations: { summary: '{{value}} of the features of {{model}} drifted over {{window}}' },
    },
    'demo-accuracy-drop': {
      ...common,
      name: 'DemoAccuracyDrop',
      condition: { kind: 'performance', source: 'realized', metric: 'accuracy', relativeTo: 'reference' },
      comparator: '>=',
      threshold: 0.05,
      window: DEMO_WINDOWS.performance,
      severity: 'critical',
      annotations: {
        summary: 'realized accuracy of {{model}} is {{value}} below the reference over {{window}}',
      },
    },
  };
}

/**
 * A signed webhook channel to the demo's receiver (and an Alertmanager channel when
 * ALERTMANAGER_URL is set), and the demo's rules routed to them. Returns the webhook's secret.
 */
export async function setUpDemoAlerting(
  api: DemoApi,
  receiverUrl: string,
  alertmanagerUrl: string | undefined,
): Promise<{ secret: string; channels: string[] }> {
  const webhook = await api.send<{ secret?: string }>('PUT', `/v1/channels/${WEBHOOK_CHANNEL}`, {
    type: 'webhook',
    name: 'demo on-call receiver',
    url: receiverUrl,
    rotateSecret: true,
  });
  if (!webhook.secret) throw new Error('the webhook channel returned no secret');
  const channels = [WEBHOOK_CHANNEL];
  if (alertmanagerUrl !== undefined) {
    await api.send('PUT', `/v1/channels/${ALERTMANAGER_CHANNEL}`, {
      type: 'alertmanager',
      url: alertmanagerUrl,
    });
    channels.push(ALERTMANAGER_CHANNEL);
  }
  for (const [id, rule] of Object.entries(demoRules(channels))) {
    await api.send('PUT', `/v1/alert-rules/${id}`, rule);
  }
  return { secret: webhook.secret, channels };
}
