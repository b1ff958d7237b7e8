/**
 * The alerting module's entry: alert rules, alerts, silences, channels and the delivery of
 * notifications. Other modules, http/, jobs/, cli/ and the composition root import from here only;
 * files inside the module import each other directly (eslint.config.js,
 * docs/architecture.md#modules).
 */
export { alertingRoutes } from './alerting.routes.js';
export { alertStateSchema, severitySchema, type Severity } from './alerting.schemas.js';
export { createAlerting, type Alerting } from './alerting.wiring.js';
export { ackSchema, deliverySchema, transitionSchema } from './alerts/alerts.schemas.js';
export { createAlertStore, type AlertStore } from './alerts/alerts.store.js';
export type { AlertState } from './alerts/lifecycle.js';
export {
  sealAtStartup,
  type ChannelSecretsService,
  type ResealReport,
} from './channels/channel-secrets.service.js';
export type { WebhookPayload } from './channels/webhook.js';
export { createNotificationStore, type NotificationStore } from './delivery/notifications.store.js';
export { segmentSnapshots, snapshotFromEvaluation } from './engine/from-evaluation.js';
export { ruleSchema } from './rules/rules.schemas.js';
export { createRuleStore, type RuleStore } from './rules/rules.store.js';
export { ruleModels, selects } from './rules/selectors.js';
