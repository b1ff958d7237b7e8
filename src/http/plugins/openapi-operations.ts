/**
 * Every documented operation's `operationId` (the method name generated clients give it) and
 * what its success answers hold. One table, so the API's names read as a set and a new route
 * cannot be published without them: the OpenAPI transform (openapi.ts) refuses a route missing
 * here.
 */
export interface OperationDoc {
  id: string;
  /** Status → what the response holds: every success, and answers without a problem body. */
  responses: Record<number, string>;
}

export const OPERATIONS: Record<string, OperationDoc> = {
  'GET /healthz': { id: 'getHealth', responses: { 200: 'The process is alive' } },
  'GET /readyz': {
    id: 'getReadiness',
    responses: {
      200: 'Postgres and Redis answer; the process takes work',
      503: 'Not ready: the checks, with the one that failed; retry after Retry-After',
    },
  },

  'POST /v1/api-keys': {
    id: 'createApiKey',
    responses: { 201: 'The new key, with its secret shown this once' },
  },
  'GET /v1/api-keys': { id: 'listApiKeys', responses: { 200: 'One page of keys, without their secrets' } },
  'DELETE /v1/api-keys/{keyId}': { id: 'revokeApiKey', responses: { 204: 'Revoked' } },

  'POST /v1/sessions': {
    id: 'signIn',
    responses: { 201: 'The session, with its CSRF token; the mw_session cookie is set' },
  },
  'GET /v1/sessions/current': {
    id: 'getCurrentSession',
    responses: { 200: "The cookie's session, what its key may do now and a fresh CSRF token" },
  },
  'DELETE /v1/sessions/current': { id: 'signOut', responses: { 204: 'Signed out; the cookie is cleared' } },
  'GET /v1/sessions': { id: 'listSessions', responses: { 200: 'Live console sessions, newest first' } },
  'DELETE /v1/sessions/{sessionId}': { id: 'revokeSession', responses: { 204: 'Revoked' } },
  'POST /v1/login-tokens': {
    id: 'createLoginToken',
    responses: { 201: 'The one-time token and its login link, shown this once' },
  },

  'PUT /v1/models/{modelId}': {
    id: 'putModel',
    responses: { 200: 'The model, its spec replaced', 201: 'The model, registered' },
  },
  'GET /v1/models/{modelId}': {
    id: 'getModel',
    responses: { 200: 'The model: spec, inventory fields, status' },
  },
  'DELETE /v1/models/{modelId}': { id: 'archiveModel', responses: { 204: 'Archived' } },
  'GET /v1/models': { id: 'listModels', responses: { 200: 'One page of models, in id order' } },
  'GET /v1/models/{modelId}/audit': {
    id: 'getModelAudit',
    responses: { 200: 'One page of audit records, newest first' },
  },
  'GET /v1/models/{modelId}/versions': {
    id: 'listModelVersions',
    responses: { 200: 'One page of the model versions seen in its traffic, last seen first' },
  },

  'POST /v1/models/{modelId}/predictions': {
    id: 'postPredictions',
    responses: {
      202: 'Counts of events accepted, duplicate and rejected, with the first rejections and why',
    },
  },
  'POST /v1/models/{modelId}/outcomes': {
    id: 'postOutcomes',
    responses: {
      202: 'Counts of events accepted, duplicate and rejected, with the first rejections and why',
    },
  },

  'PUT /v1/models/{modelId}/reference': {
    id: 'putReference',
    responses: { 201: 'The new reference version, described' },
  },
  'GET /v1/models/{modelId}/reference': {
    id: 'getReference',
    responses: { 200: 'The current reference, described' },
  },

  'GET /v1/models/{modelId}/drift': {
    id: 'getDrift',
    responses: { 200: 'Drift per feature, of the prediction and the score, and dataset drift' },
  },
  'GET /v1/models/{modelId}/performance': {
    id: 'getPerformance',
    responses: { 200: 'Realized performance with label coverage, and the CBPE estimate' },
  },
  'GET /v1/models/{modelId}/quality': { id: 'getQuality', responses: { 200: 'Data quality per feature' } },
  'GET /v1/models/{modelId}/features/{feature}/distribution': {
    id: 'getFeatureDistribution',
    responses: {
      200: "The feature's distribution in the reference and the window: quantiles and a histogram, or categories",
    },
  },
  'GET /v1/models/{modelId}/features/{feature}/statistic': {
    id: 'getFeatureStatistic',
    responses: { 200: "The feature's drift statistic in stored evaluations of the window, oldest first" },
  },
  'GET /v1/models/{modelId}/segments': {
    id: 'listSegmentResults',
    responses: { 200: 'Each kept value of the segment key evaluated over the range, worst first' },
  },
  'GET /v1/models/{modelId}/versions/compare': {
    id: 'compareModelVersions',
    responses: { 200: "The candidate version's drift against the baseline's, and each one's performance" },
  },
  'GET /v1/models/{modelId}/evaluations': {
    id: 'listEvaluations',
    responses: { 200: 'One page of stored evaluations of the window, newest first' },
  },
  'GET /v1/fleet': {
    id: 'getFleet',
    responses: { 200: 'The fleet KPIs and one page of models with their status' },
  },
  'POST /v1/models/{modelId}/lifecycle': {
    id: 'moveModelLifecycle',
    responses: { 200: 'The model, in its new lifecycle status' },
  },
  'GET /v1/audit': {
    id: 'listAudit',
    responses: { 200: 'One page of audit entries, newest first' },
  },
  'GET /v1/models/{modelId}/evidence': {
    id: 'getModelEvidence',
    responses: {
      200: 'The evidence record of the period (JSON; an HTML page with format=html or Accept: text/html)',
    },
  },
  'GET /v1/fleet/response': {
    id: 'getFleetResponse',
    responses: { 200: 'MTTD, MTTA and MTTR per model and for the fleet, with the incidents behind them' },
  },

  'PUT /v1/alert-rules/{ruleId}': {
    id: 'putAlertRule',
    responses: { 200: 'The rule, replaced', 201: 'The rule, created' },
  },
  'GET /v1/alert-rules/{ruleId}': { id: 'getAlertRule', responses: { 200: 'The rule' } },
  'DELETE /v1/alert-rules/{ruleId}': { id: 'deleteAlertRule', responses: { 204: 'Deleted' } },
  'GET /v1/alert-rules': {
    id: 'listAlertRules',
    responses: { 200: 'One page of rules, the default ones included' },
  },

  'GET /v1/alerts': { id: 'listAlerts', responses: { 200: 'One page of alerts, newest first' } },
  'GET /v1/alerts/{alertId}': {
    id: 'getAlert',
    responses: { 200: 'The alert, its transitions and acknowledgements' },
  },
  'POST /v1/alerts/{alertId}/ack': {
    id: 'acknowledgeAlert',
    responses: { 201: 'The acknowledgement recorded' },
  },
  'GET /v1/alerts/{alertId}/values': {
    id: 'getAlertValues',
    responses: {
      200: "The value the alert's rule read from each stored evaluation of its window",
      409: "The alert's rule was deleted",
    },
  },
  'GET /v1/alerts/{alertId}/deliveries': {
    id: 'listAlertDeliveries',
    responses: { 200: 'Each notification of the alert and each attempt to deliver it' },
  },

  'POST /v1/silences': { id: 'createSilence', responses: { 201: 'The silence, in force from its start' } },
  'GET /v1/silences': { id: 'listSilences', responses: { 200: 'One page of silences, newest first' } },
  'GET /v1/silences/{silenceId}': { id: 'getSilence', responses: { 200: 'The silence' } },
  'DELETE /v1/silences/{silenceId}': { id: 'expireSilence', responses: { 200: 'The silence, expired now' } },

  'PUT /v1/channels/{channelId}': {
    id: 'putChannel',
    responses: {
      200: 'The channel, replaced (without secrets)',
      201: 'The channel, created (without secrets)',
    },
  },
  'GET /v1/channels/{channelId}': {
    id: 'getChannel',
    responses: { 200: 'The channel, without its secrets' },
  },
  'DELETE /v1/channels/{channelId}': { id: 'deleteChannel', responses: { 204: 'Deleted' } },
  'GET /v1/channels': {
    id: 'listChannels',
    responses: { 200: 'One page of channels, without their secrets' },
  },
  'POST /v1/channels/{channelId}/test': {
    id: 'testChannel',
    responses: { 200: 'How the receiver answered the test notification' },
  },
};
