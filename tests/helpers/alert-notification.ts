import {
  alertNotificationSchema,
  type AlertNotification,
} from '../../src/modules/alerting/channels/types.js';

/** A drift alert as the alerting service would hand it to a channel; fields can be overridden. */
export function sampleNotification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return alertNotificationSchema.parse({
    notificationId: 'ntf_01HZX3K9Q2B7',
    fingerprint: 'c3f1a9e07b5d2a41',
    status: 'firing',
    labels: {
      alertname: 'FeatureDrift',
      model: 'credit-risk',
      rule: 'feature-drift-default',
      severity: 'warning',
      feature: 'income',
      team: 'risk',
    },
    annotations: {
      summary: 'Feature income drifted on credit-risk',
      description: 'Jensen-Shannon distance 0.27 ≥ 0.1 over the last hour.',
      runbook_url: 'https://runbooks.example.com/drift',
    },
    value: 0.2734518,
    threshold: 0.1,
    startsAt: '2025-03-01T10:00:00.000Z',
    generatorURL: 'https://modelwatch.example.com/models/credit-risk/drift?feature=income',
    links: [{ text: 'Dashboard', href: 'https://grafana.example.com/d/models?var-model=credit-risk' }],
    ...overrides,
  });
}
