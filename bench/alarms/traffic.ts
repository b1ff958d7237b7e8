/**
 * The bench model and its traffic: 20 features (10 normal, x1 correlated 0.8 with x0, 3 lognormal,
 * 2 integer-valued, 5 categorical with rare categories), drawn from the reference's own
 * distribution unless a shift is injected.
 */
import { modelSpecSchema, type ModelSpec } from '../../src/domain/model-spec.js';
import type { TypedRow } from '../../src/stats/core/typed-row.js';
import type { Random } from '../../tests/helpers/random.js';

export const ALARM_SPEC: ModelSpec = modelSpecSchema.parse({
  name: 'alarms',
  task: 'regression',
  features: [
    ...Array.from({ length: 15 }, (_, i) => ({ name: `x${i}`, type: 'numerical' as const })),
    ...Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, type: 'categorical' as const })),
  ],
});

const SHARES: [string, number][] = [
  ['a', 0.4],
  ['b', 0.25],
  ['c', 0.15],
  ['d', 0.1],
  ['e', 0.07],
  ['f', 0.02],
  ['g', 0.01],
];

export interface Shift {
  name: string;
  /** Feature index it touches. */
  feature: number;
  /** What should find it: the feature's own verdict, or the multivariate one. */
  foundBy: 'feature' | 'multivariate';
  apply: (rng: Random, value: number | string, row: readonly (number | string)[]) => number | string;
}

/** x1's correlation with x0. */
const RHO = 0.8;

/** The injected shifts of the detection phase. */
export const SHIFTS: Shift[] = [
  {
    name: 'mean +0.25σ on one feature',
    feature: 0,
    foundBy: 'feature',
    apply: (_r, v) => (v as number) + 0.25,
  },
  {
    name: 'mean +0.5σ on one feature',
    feature: 0,
    foundBy: 'feature',
    apply: (_r, v) => (v as number) + 0.5,
  },
  {
    name: "category 'a' share +10 points",
    feature: 15,
    foundBy: 'feature',
    // Moving 1/6 of the other categories' events to 'a' adds 0.6 × 1/6 = 10 points to its 40%.
    apply: (rng, v) => (v !== 'a' && rng.uniform() < 1 / 6 ? 'a' : v),
  },
  {
    // x1 = ρ·x0 + √(1−ρ²)·e becomes −ρ·x0 + √(1−ρ²)·e: both still N(0, 1), their correlation −0.8.
    name: 'correlation x0–x1 flips (+0.8 → −0.8)',
    feature: 1,
    foundBy: 'multivariate',
    apply: (_r, v, row) => (v as number) - 2 * RHO * (row[0] as number),
  },
];

function category(rng: Random): string {
  let u = rng.uniform();
  for (const [name, p] of SHARES) if ((u -= p) < 0) return name;
  return 'g';
}

function value(rng: Random, i: number, row: readonly (number | string)[]): number | string {
  if (i === 1) return RHO * (row[0] as number) + Math.sqrt(1 - RHO * RHO) * rng.normal();
  if (i < 10) return rng.normal();
  if (i < 13) return Math.exp(0.5 * rng.normal());
  if (i < 15) return Math.round(20 + 5 * rng.normal());
  return category(rng);
}

export function row(rng: Random, shift: Shift | null = null): TypedRow {
  const features: (number | string)[] = [];
  ALARM_SPEC.features.forEach((_, i) => {
    const v = value(rng, i, features);
    features.push(shift !== null && shift.feature === i ? shift.apply(rng, v, features) : v);
  });
  return { features, prediction: null, score: null, scores: null, actual: null };
}
