import type { ModelSpecInput } from '../../domain/model-spec.js';

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
  // Governance records (docs/inventory.md). The training data's fingerprint and the artifact are
  // left out on purpose: the fleet's inventory completeness names them as missing.
  purpose: 'Decide whether a personal loan application is approved',
  intendedUse: 'Unsecured personal loans up to 100,000, applicants 18 and over',
  restrictions: 'Not for mortgages or business lending',
  businessOwner: 'Consumer lending',
  developerTeam: 'demo-team',
  validator: 'Model validation (second line)',
  validation: { lastCompleted: '2026-10-01', nextDue: '2027-10-01', outcome: 'passed' },
  approval: { status: 'approved', approver: 'Model risk committee', date: '2026-10-15' },
  codeVersion: 'modelwatch demo',
  upstream: ['loan applications'],
  downstream: ['loan decisions'],
  regulatoryClass: ['eu-ai-act:high-risk'],
  // Approved loans must earn more in interest than defaults lose (applicants.ts loanValue).
  valueObjective: {
    metric: 'value',
    target: 0,
    window: '5m',
    description: 'interest earned on approved loans, less the losses on those that default',
  },
  positiveClass: 1,
  decisionThreshold: 0.5,
  // Each sales channel is judged apart as well (the model page's Segments): events carry it as a
  // segment beside the feature of the same name.
  segments: [{ key: 'channel', maxValues: 10 }],
  // Normalized Wasserstein (the default method for a reference of more than 1,000 rows) flags
  // noise on a few hundred values at its 0.1 threshold; 500 keeps the first seconds quiet.
  features: DEMO_FEATURES.map((f) => ({ ...f, drift: { minSamples: 500 } })),
};
