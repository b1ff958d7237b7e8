import { mulberry32 } from '../../lib/random.js';
import type { DemoApi } from './api.js';
import { applicant } from './applicants.js';
import { DEMO_MODEL, DEMO_MODEL_ID } from './model.js';
import type { DemoOptions } from './options.js';

export interface DemoReference {
  id: number;
  version: number;
  rows: number;
  labelled: number;
  /** Realized accuracy on the reference rows: the baseline `degraded` is judged against. */
  accuracy: number | null;
}

/** Reference rows: the baseline population with the model's scores and the true outcomes. */
export function referenceRows(count: number, seed: number) {
  const uniform = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const a = applicant(uniform, { shifted: false, conceptDrift: false });
    return { features: a.features, prediction: a.score >= 0.5 ? 1 : 0, score: a.score, actual: a.actual };
  });
}

/** Registers the demo model and uploads its reference (a new version on every run). */
export async function registerDemoModel(api: DemoApi, options: DemoOptions): Promise<DemoReference> {
  await api.send('PUT', `/v1/models/${DEMO_MODEL_ID}`, DEMO_MODEL);
  // Validated, approved and in production, each move with who made it (docs/inventory.md#lifecycle).
  const { lifecycle } = await api.send<{ lifecycle: { status: string } }>(
    'GET',
    `/v1/models/${DEMO_MODEL_ID}`,
  );
  const moves = ['validation', 'approved', 'production'];
  for (const status of moves.slice(moves.indexOf(lifecycle.status) + 1)) {
    await api.send('POST', `/v1/models/${DEMO_MODEL_ID}/lifecycle`, { status, comment: 'demo set-up' });
  }
  // Another seed than the traffic's: the reference is a sample of the population, not the same rows.
  const rows = referenceRows(options.referenceRows, options.seed + 1);
  const reference = await api.send<{
    id: number;
    version: number;
    rows: number;
    labelled: number;
    performance: { metrics: Record<string, number | null> } | null;
  }>('PUT', `/v1/models/${DEMO_MODEL_ID}/reference`, { rows });
  return {
    id: reference.id,
    version: reference.version,
    rows: reference.rows,
    labelled: reference.labelled,
    accuracy: reference.performance?.metrics.accuracy ?? null,
  };
}
