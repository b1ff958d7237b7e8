/**
 * Synthetic traffic for the demo model: a credit-risk classifier whose inputs drift after a while,
 * so that the service has something to show. Seeded, so every demo run looks the same.
 */

export const DEMO_MODEL_ID = 'credit-risk-demo';

export const DEMO_MODEL = {
  name: 'Credit risk (demo)',
  task: 'binary_classification',
  description: 'A synthetic loan-default model that modelwatch feeds itself, for the demo.',
  owner: 'demo-team',
  trainingData: 'synthetic: src/cli/demo-traffic.ts',
  riskTier: 'high',
  tags: { domain: 'lending', demo: 'true' },
  positiveClass: 1,
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'income', type: 'numerical' },
    { name: 'credit_score', type: 'numerical' },
    { name: 'country', type: 'categorical' },
    { name: 'channel', type: 'categorical' },
  ],
} as const;

function normal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pick<T>(random: () => number, items: readonly T[], weights: readonly number[]): T {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

export interface DemoEvent {
  prediction: {
    predictionId: string;
    timestamp: number;
    modelVersion: string;
    features: Record<string, number | string>;
    prediction: number;
    score: number;
  };
  actual: number;
}

/** One prediction and the outcome that will follow it; `drifted` moves age up and the country mix. */
export function demoEvent(random: () => number, id: string, timestamp: number, drifted: boolean): DemoEvent {
  const age = Math.round(normal(random, drifted ? 52 : 40, 10));
  const income = Math.round(Math.exp(normal(random, 10.5, 0.5)));
  const creditScore = Math.round(normal(random, 650, 50));
  const country = pick(random, ['DE', 'FR', 'ES', 'IT'], drifted ? [1, 1, 4, 4] : [4, 3, 2, 1]);
  const channel = pick(random, ['web', 'app', 'branch'], [5, 4, 1]);
  const logit = -1 + 0.03 * (age - 40) - 0.8 * (Math.log(income) - 10.5) - 0.01 * (creditScore - 650);
  const score = 1 / (1 + Math.exp(-logit));
  return {
    prediction: {
      predictionId: id,
      timestamp,
      modelVersion: '1.0.0',
      features: { age, income, credit_score: creditScore, country, channel },
      prediction: score >= 0.5 ? 1 : 0,
      score: Math.round(score * 1e6) / 1e6,
    },
    actual: random() < score ? 1 : 0,
  };
}
