export { Monitor, type MonitorOptions, type MonitorStats, type PredictionInput } from './monitor.js';
export { createApi, modelReads, ModelwatchError, orThrow, type ModelwatchApi } from './client.js';
export { backoffSeconds, isRetryable, retryAfterSeconds, type BackoffOptions } from './retry.js';
export type { components, paths } from './generated/api.js';
