import type { Status } from '../api/types.js';

export const STATUSES: readonly Status[] = [
  'healthy',
  'drifting',
  'degraded',
  'silent',
  'insufficient_data',
  'unknown',
];
