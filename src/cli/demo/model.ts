import type { ModelSpecInput } from '../../modules/models/models.schemas.js';

/** The demo's model: a credit-risk classifier (1 = the loan defaults), registered through the API. */
export const DEMO_MODEL_ID = 'credit-risk-demo';

export const DEMO_FEATURES = [
  { name: 'age', type: 'numerical' },
  { name: 'income', type: 'numerical' },
  { name: 'employment_years', type: 'numerical' },
  { name: 'credit_score', type: 'numerical' },
  { name: 'debt_to_income', type: 'numerical' },
  { name: 'loan_amount', type: 'numerical' },
  { name: 'country', type: 'categorical' },
  { name: 'channel', type: 'categorical' },
] as const;

export const DEMO_MODEL: ModelSpecInput = {
  name: 'Credit risk (demo)',
  task: 'binary_classification',
  description: 'A synthetic loan-default model that the modelwatch demo feeds itself.',
  owner: 'demo-team',
  trainingData: 'synthetic: src/cli/demo/applicants.ts (baseline population)',
  riskTier: 'high',
  tags: { domain: 'lending', demo: 'true' },
  positiveClass: 1,
  decisionThreshold: 0.5,
  // Normalized Wasserstein (the default method for a reference of more than 1,000 rows) flags
  // noise on a few hundred values at its 0.1 threshold; 500 keeps the first seconds quiet.
  features: DEMO_FEATURES.map((f) => ({ ...f, drift: { minSamples: 500 } })),
};
